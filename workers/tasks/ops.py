from workers.app import app


@app.task(name="ops.complete_worker_check")
def complete_worker_check_task(check_id: int) -> None:
    from jifen.ops import services

    services.worker_check_complete(check_id=check_id)
