"""Incremental recomputation of the unit dashboards, every few minutes per tenant."""

from __future__ import annotations

from django.utils import timezone

from workers.app import app
from workers.fanout import fan_out


@app.task(name="dashboards.refresh_all", tenant_scoped=False, ignore_result=True)
def refresh_all_dashboards_task() -> int:
    return fan_out(refresh_dashboards_task)


@app.task(name="dashboards.refresh", ignore_result=True, acks_late=True)
def refresh_dashboards_task() -> int:
    from jifen.dashboards.services import dashboards_refresh

    return dashboards_refresh(on=timezone.localdate())
