"""Start real Celery worker processes for tests, on the test database and Redis."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass

from redis.exceptions import ConnectionError as RedisConnectionError


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class WorkerProcess:
    proc: subprocess.Popen
    hostname: str
    metrics_url: str

    @property
    def pid(self) -> int:
        return self.proc.pid

    def kill_hard(self) -> None:
        """SIGKILL the worker and its pool children at once, as an OOM killer would."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


def broker_connections_reset() -> None:
    """Drop every broker connection this process pools, as Celery does after a fork, so the
    next task or ping connects anew. After Redis restarted (a test stopped it) the pooled
    connections are dead; kombu's own `force_close_all` would close the pool for good, and
    every later task of this process would fail with "Acquire on closed pool"."""
    from kombu import pools

    from workers.app import app

    pools.reset()
    app._after_fork()


def _pinged(hostname: str) -> bool:
    """Whether the worker answers. A broker connection of this process that Redis closed
    (a test restarted the server) fails once and is made anew on the next try."""
    from workers.app import app

    try:
        return bool(app.control.inspect(destination=[hostname], timeout=1).ping())
    except (RedisConnectionError, OSError):
        broker_connections_reset()
        return False


def start_worker(
    *,
    database_url: str,
    redis_url: str,
    name: str,
    queues: str = "celery",
    concurrency: int = 2,
    timeout: float = 60.0,
    extra_env: dict[str, str] | None = None,
) -> WorkerProcess:
    """Start `celery worker` in its own process group and wait until it answers a ping."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "JIFEN_WORKER_METRICS_PORT": str(port),
        **(extra_env or {}),
    }
    hostname = f"{name}-{os.getpid()}@localhost"
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "workers.app", "worker",
            "--concurrency", str(concurrency), "--loglevel", "WARNING", "--without-gossip",
            "--without-mingle", "--hostname", hostname, "--queues", queues,
        ],
        env=env,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + timeout
    while not _pinged(hostname):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"the Celery worker {hostname} did not start within {timeout} s")
    return WorkerProcess(proc, hostname, f"http://127.0.0.1:{port}/metrics")
