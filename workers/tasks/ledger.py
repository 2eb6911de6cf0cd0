"""Large imports, booked in a worker so that the request answers at once."""

from __future__ import annotations

from workers.app import app


@app.task(name="ledger.import_events", ignore_result=True, acks_late=True)
def import_events_task(job_id: int) -> str:
    from jifen.ledger.services import import_job_run

    return import_job_run(job_id=job_id).status
