from workers.app import app


@app.task(name="imports.check", ignore_result=True, acks_late=True)
def check_import_task(job_id: int) -> None:
    """The dry run of an uploaded workbook (idempotent: a checked job is left alone)."""
    from jifen.imports.services import import_check, import_fail

    try:
        import_check(job_id=job_id)
    except Exception as exc:
        import_fail(job_id=job_id, message=repr(exc))
        raise


@app.task(name="imports.apply", ignore_result=True, acks_late=True)
def apply_import_task(job_id: int, actor_id: int) -> None:
    """Apply a checked workbook (idempotent: an applied job is left alone)."""
    from jifen.imports.services import import_apply, import_fail

    try:
        import_apply(job_id=job_id, actor_id=actor_id)
    except Exception as exc:
        import_fail(job_id=job_id, message=repr(exc))
        raise
