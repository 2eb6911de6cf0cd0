from workers.app import app


@app.task(name="procedure.what_if", ignore_result=True, acks_late=True)
def what_if_task(job_id: int) -> None:
    """Replay a draft over a unit's period (idempotent: a finished job is left alone)."""
    from django.utils.translation import gettext as _

    from jifen.errors import DomainError
    from jifen.procedure.services.whatif import what_if_fail, what_if_run

    try:
        what_if_run(job_id=job_id)
    except DomainError as exc:
        what_if_fail(job_id=job_id, message=exc.message)
    except Exception:
        what_if_fail(job_id=job_id, message=_("the what-if failed; the error is in the logs."))
        raise
