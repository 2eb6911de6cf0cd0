"""One module per job; each task sets nothing but calls one service."""

from workers.tasks.dashboards import refresh_all_dashboards_task, refresh_dashboards_task
from workers.tasks.deadlines import (
    plan_all_tenants_task,
    plan_tenant_deadlines_task,
    sweep_all_tenants_task,
    sweep_tenant_deadlines_task,
)
from workers.tasks.inspections import recompute_risk_grades_task
from workers.tasks.ledger import import_events_task
from workers.tasks.ops import complete_worker_check_task
from workers.tasks.tenants import provision_tenant_task

__all__ = [
    "complete_worker_check_task",
    "import_events_task",
    "plan_all_tenants_task",
    "plan_tenant_deadlines_task",
    "provision_tenant_task",
    "recompute_risk_grades_task",
    "refresh_all_dashboards_task",
    "refresh_dashboards_task",
    "sweep_all_tenants_task",
    "sweep_tenant_deadlines_task",
]
