"""One module per job; each task sets nothing but calls one service."""

from workers.tasks.dashboards import refresh_all_dashboards_task, refresh_dashboards_task
from workers.tasks.deadlines import (
    plan_all_tenants_task,
    plan_tenant_deadlines_task,
    sweep_all_tenants_task,
    sweep_tenant_deadlines_task,
)
from workers.tasks.exports import build_export_task
from workers.tasks.holidays import recount_all_tenants_task, recount_tenant_deadlines_task
from workers.tasks.imports import apply_import_task, check_import_task
from workers.tasks.inspections import recompute_risk_grades_task
from workers.tasks.ledger import import_events_task
from workers.tasks.notifications import deliver_notifications_task, sweep_all_notifications_task
from workers.tasks.ops import complete_worker_check_task
from workers.tasks.procedure import what_if_task
from workers.tasks.tenants import provision_tenant_task

__all__ = [
    "apply_import_task",
    "build_export_task",
    "check_import_task",
    "complete_worker_check_task",
    "deliver_notifications_task",
    "import_events_task",
    "plan_all_tenants_task",
    "plan_tenant_deadlines_task",
    "provision_tenant_task",
    "recompute_risk_grades_task",
    "recount_all_tenants_task",
    "recount_tenant_deadlines_task",
    "refresh_all_dashboards_task",
    "refresh_dashboards_task",
    "sweep_all_notifications_task",
    "sweep_all_tenants_task",
    "sweep_tenant_deadlines_task",
    "what_if_task",
]
