"""What keeps the test processes of one parallel run (pytest-xdist) out of each other's way.

One PostgreSQL server and one Redis serve every process. pytest-django gives each process its
own test database (`test_jifen_gw0`, `test_jifen_gw1`, …), so tenant schemas and committed rows
of worker tests never meet. Redis has no such suffix: each process gets a Redis database index
of its own (`/1` for gw0, `/2` for gw1, …; `/0` for a run without xdist), which separates the
cache, the Celery queues and results, and Celery's broadcasts (kombu prefixes them with the
database index), so one process's Celery worker never takes another's task.

Tests marked `serial` (they stop or measure a server everyone shares) run alone: every test
holds a shared lock while it runs, a serial test the exclusive one.
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# Redis database indexes of parallel test processes: 1…10 (11, 12 and 13 are taken by
# tests/ops for processes of their own; 0 is the serial run's).
FIRST_WORKER_REDIS_DB = 1
MAX_WORKERS = 10


def worker_id() -> str:
    """`gw0`, `gw1`, … in a pytest-xdist worker; `main` in a run without xdist."""
    return os.environ.get("PYTEST_XDIST_WORKER") or "main"


def worker_number() -> int | None:
    worker = worker_id()
    if worker == "main":
        return None
    match = re.fullmatch(r"gw(\d+)", worker)
    if match is None:
        raise RuntimeError(f"unexpected pytest-xdist worker id {worker!r}")
    return int(match.group(1))


def redis_url_for_worker(url: str, number: int) -> str:
    """`url` with the Redis database index of worker `number`."""
    if number >= MAX_WORKERS:
        raise RuntimeError(
            f"at most {MAX_WORKERS} parallel test processes have a Redis database of their own "
            f"(worker gw{number}); run with fewer, e.g. `pytest -n 2`"
        )
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{FIRST_WORKER_REDIS_DB + number}"))


def configure_environment() -> None:
    """Point this test process (and the Celery workers it starts) at its own Redis database,
    media and heartbeat folders; runs before the Django settings are read (and so before
    Celery and the cache are configured)."""
    number = worker_number()
    if number is None:
        return
    from jifen import embedded

    os.environ["REDIS_URL"] = redis_url_for_worker(embedded.redis_url(), number)
    for name, folder in (("JIFEN_MEDIA_ROOT", "media"), ("JIFEN_HEARTBEAT_DIR", "heartbeats")):
        os.environ.setdefault(name, str(embedded.data_dir() / f"{folder}-{worker_id()}"))


def without_xdist_environment(env: dict[str, str]) -> dict[str, str]:
    """`env` for a pytest started by a test: not a worker of this run (so it neither takes
    this worker's Redis database nor its test database name)."""
    return {key: value for key, value in env.items() if not key.startswith("PYTEST_XDIST_")}


def slow_files_first(items: list) -> list:
    """`items` (pytest's) with those marked `slow` first, each group in its own order."""
    return sorted(items, key=lambda item: item.get_closest_marker("slow") is None)


def _lock_dir() -> Path:
    from jifen import embedded

    return embedded.data_dir()


@contextmanager
def turn(*, alone: bool) -> Iterator[None]:
    """Hold the run's test lock: shared for an ordinary test, exclusive when `alone`.

    A waiting serial test holds the gate, so the other processes cannot keep starting new
    tests past it (flock alone would let shared holders starve it)."""
    folder = _lock_dir()
    with (
        open(folder / "tests-gate.lock", "a+") as gate,
        open(folder / "tests-running.lock", "a+") as running,
    ):
        fcntl.flock(gate, fcntl.LOCK_EX)
        try:
            if alone:
                fcntl.flock(running, fcntl.LOCK_EX)
            else:
                fcntl.flock(gate, fcntl.LOCK_UN)
                fcntl.flock(running, fcntl.LOCK_SH)
            yield
        finally:
            fcntl.flock(running, fcntl.LOCK_UN)
            fcntl.flock(gate, fcntl.LOCK_UN)
