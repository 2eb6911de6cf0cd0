"""Where prometheus-client keeps the metric files of a multi-process server.

gunicorn and the Celery prefork pool serve from several processes; each writes its samples to
files under `PROMETHEUS_MULTIPROC_DIR` and a scrape sums them. prometheus-client picks its
storage when it is first imported, so `multiprocess_dir_prepare` must run before anything
imports `prometheus_client` (or `jifen.metrics`) in the process that forks the others. This
module imports neither.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ENV = "PROMETHEUS_MULTIPROC_DIR"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale(root: Path) -> None:
    """Folders of servers that have exited (named after their pid) are never read again."""
    if not root.is_dir():
        return
    for child in root.iterdir():
        if child.is_dir() and child.name.isdigit() and not _alive(int(child.name)):
            shutil.rmtree(child, ignore_errors=True)


def multiprocess_dir_prepare() -> Path:
    """Point `PROMETHEUS_MULTIPROC_DIR` at an empty folder for this process and its children.

    Honours a folder set by the operator; otherwise uses `$JIFEN_DATA_DIR/metrics/<pid>`.
    Either way its old files are removed: counters restart at zero with the server, which
    Prometheus' `rate()` expects. Idempotent within one process tree (a second call in the
    same process only clears files no child has written yet).
    """
    existing = os.environ.get(ENV)
    if existing:
        path = Path(existing)
    else:
        from jifen.embedded import data_dir

        root = data_dir() / "metrics"
        _remove_stale(root)
        path = root / str(os.getpid())
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink(missing_ok=True)
    os.environ[ENV] = str(path)
    values = sys.modules.get("prometheus_client.values")
    if values is not None:
        # Imported too early (an app module imported jifen.metrics during django.setup()):
        # labelled metrics create their values lazily, so switching the class now still puts
        # every sample written from here on into the shared files.
        values.ValueClass = values.get_value_class()
    return path


def multiprocess_mode() -> bool:
    return bool(os.environ.get(ENV))
