from workers.app import app


@app.task(name="exports.build", ignore_result=True, acks_late=True)
def build_export_task(job_id: int) -> None:
    """Build an export's workbook (idempotent: a finished job is left alone)."""
    from jifen.exports.services import export_build, export_fail

    try:
        export_build(job_id=job_id)
    except Exception as exc:
        export_fail(job_id=job_id, message=repr(exc))
        raise
