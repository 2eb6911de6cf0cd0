"""Large imports, booked in a worker so that the request answers at once."""

from __future__ import annotations

from workers.app import app
from workers.fanout import fan_out


@app.task(name="ledger.import_events", ignore_result=True, acks_late=True)
def import_events_task(job_id: int) -> str:
    from jifen.ledger.services import import_job_run

    return import_job_run(job_id=job_id).status


@app.task(name="ledger.checkpoint_all", tenant_scoped=False, ignore_result=True)
def checkpoint_all_task() -> int:
    """Sign every tenant's chain heads (one task per tenant)."""
    return fan_out(checkpoint_task)


@app.task(name="ledger.checkpoint", ignore_result=True, acks_late=True)
def checkpoint_task() -> int:
    """Sign this tenant's chain heads; nothing when they did not move (idempotent)."""
    from jifen.ledger.checkpoints import checkpoint_sign

    made = checkpoint_sign()
    return made.pk if made else 0
