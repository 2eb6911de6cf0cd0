"""gunicorn settings that need code (`jifen web` passes `-c python:jifen.gunicorn_conf`).

Loaded by gunicorn's master before it forks the workers, which is what multi-process
Prometheus metrics need: the folder is set here and inherited by every worker.
"""

from jifen.metrics_multiprocess import multiprocess_dir_prepare

multiprocess_dir_prepare()


def child_exit(server, worker) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
