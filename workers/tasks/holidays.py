"""After a year's holidays are entered: every tenant counts its open deadlines again."""

from __future__ import annotations

from workers.app import app
from workers.fanout import fan_out


@app.task(name="holidays.recount_all", tenant_scoped=False, ignore_result=True)
def recount_all_tenants_task(year: int) -> int:
    return fan_out(recount_tenant_deadlines_task, year=year)


@app.task(name="holidays.recount", ignore_result=True, acks_late=True)
def recount_tenant_deadlines_task(year: int) -> int:
    from jifen.procedure.services.recount import deadlines_recount

    return deadlines_recount(year=year)
