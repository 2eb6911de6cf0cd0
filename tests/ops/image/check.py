"""Smoke-test the built image without `podman run`: start its roles in a chroot of the image.

    JIFEN_DATA_DIR=.jifen/image-check .venv/bin/python tests/ops/image/check.py IMAGE

The image is mounted (`podman image mount`) and every step runs in a chroot of it as the image's
user, with the image's environment, a private writable /tmp and media folder (the pod's
`emptyDir`s) and otherwise the image's own files: `jifen --help`, the PostgreSQL client, the
migrations, a tenant, its backup, the web server's `/healthz`, `/readyz` and web app, and a
worker that answers a ping and whose probe passes. The database and Redis are embedded servers
of the host (`jifen services start` under JIFEN_DATA_DIR), reached over the loopback (a small
proxy to the PostgreSQL socket, which only the server's user may enter). The bind mounts live in a mount namespace of their own
(`unshare --mount`), so they vanish with it however this script ends. Needs root.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

DATABASE = "jifen_image_check"
REDIS_DB = 13
TENANT = "imagecheck"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _say(step: str, detail: str, started: float) -> None:
    print(f"image-check: {step:<28} {time.monotonic() - started:6.1f} s  {detail}", flush=True)


# --- outside: services, the mount, the namespace ---------------------------------------------


def _services() -> tuple[str, str]:
    jifen = Path(sys.executable).parent / "jifen"
    out = subprocess.run(
        [str(jifen), "services", "start"], capture_output=True, text=True, check=True
    ).stdout
    values = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    return values["DATABASE_URL"], values["REDIS_URL"]


def _fresh_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')


def _image_config(image: str) -> dict:
    out = subprocess.run(
        ["podman", "image", "inspect", image], capture_output=True, text=True, check=True
    ).stdout
    (info,) = json.loads(out)
    return {"config": info["Config"], "size": info["Size"]}


def main_outside(image: str) -> int:
    if os.geteuid() != 0:
        print("image-check needs root (podman image mount, chroot)", file=sys.stderr)
        return 2
    started = time.monotonic()
    database_url, redis_url = _services()
    _fresh_database(database_url)
    import redis

    base_redis = redis_url.rsplit("/", 1)[0]
    redis.Redis.from_url(f"{base_redis}/{REDIS_DB}").flushdb()
    info = _image_config(image)
    root = subprocess.run(
        ["podman", "image", "mount", image], capture_output=True, text=True, check=True
    ).stdout.strip()
    _say("mounted", f"{image} at {root} ({info['size'] / 1e6:.0f} MB)", started)
    try:
        inside = subprocess.run(
            [
                "unshare", "--mount", "--propagation", "private", "--",
                sys.executable, __file__, "--inside", root, "--image", image,
                "--database-url", database_url, "--redis-url", f"{base_redis}/{REDIS_DB}",
                "--config", json.dumps(info["config"]),
            ],
            check=False,
        )  # fmt: skip
    finally:
        subprocess.run(["podman", "image", "unmount", image], capture_output=True, check=False)
    verdict = "passed" if inside.returncode == 0 else "FAILED"
    _say(verdict, f"{image}, {info['size'] / 1e6:.0f} MB", started)
    return inside.returncode


# --- inside the private mount namespace ------------------------------------------------------


class Chroot:
    """Run commands in the mounted image as its user, with its environment plus ours."""

    def __init__(self, root: Path, config: dict, extra_env: dict[str, str]):
        self.root = root
        self.user = config.get("User") or "0:0"
        self.workdir = config.get("WorkingDir") or "/"
        self.entrypoint = config.get("Entrypoint") or []
        env = dict(item.split("=", 1) for item in config.get("Env") or [])
        self.env = {**env, "HOME": "/tmp", **extra_env}

    def argv(self, args: list[str]) -> list[str]:
        return [
            "chroot", f"--userspec={self.user}", str(self.root),
            "/bin/sh", "-c", 'cd "$0" && exec "$@"', self.workdir, *args,
        ]  # fmt: skip

    def run(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        result = subprocess.run(
            self.argv(list(args)), env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(args)} exited {result.returncode}:\n{result.stdout[-3000:]}\n"
                f"{result.stderr[-3000:]}"
            )
        return result

    def start(self, *args: str, log: Path, **env: str) -> subprocess.Popen:
        with log.open("w") as out:
            return subprocess.Popen(
                self.argv(list(args)),
                env={**self.env, **env},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True)


def _prepare(root: Path, database_url: str) -> tuple[Path, str]:
    """The pod's writable folders, /proc, /dev and the database socket; the URL inside."""
    scratch = Path(tempfile.mkdtemp(prefix="jifen-image-check-"))
    tmp, media = scratch / "tmp", scratch / "media"
    tmp.mkdir(mode=0o1777)
    tmp.chmod(0o1777)
    media.mkdir()
    os.chown(media, 10001, 10001)
    _mount("--bind", str(tmp), str(root / "tmp"))
    _mount("--bind", str(media), str(root / "var/lib/jifen/media"))
    _mount("-t", "proc", "proc", str(root / "proc"))
    _mount("--rbind", "/dev", str(root / "dev"))
    # The embedded server listens on a socket in its data folder, which only its user may
    # enter: reach it over the loopback instead, as a pod reaches its database over TCP.
    parts = urlsplit(database_url)
    query = parse_qs(parts.query)
    host, port = query["host"][0], query.get("port", ["5432"])[0]
    proxy = SocketProxy(str(Path(host) / f".s.PGSQL.{port}"))
    proxy.start()
    user = parts.username or "postgres"
    return scratch, f"postgresql://{user}@127.0.0.1:{proxy.port}/{DATABASE}"


class SocketProxy(threading.Thread):
    """127.0.0.1:<port> → a Unix socket, for as long as this process lives."""

    def __init__(self, path: str):
        super().__init__(daemon=True)
        self.path = path
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = self.server.getsockname()[1]

    def run(self) -> None:
        while True:
            client, _ = self.server.accept()
            upstream = socket.socket(socket.AF_UNIX)
            upstream.connect(self.path)
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)


def _get(url: str, host: str | None = None, timeout: float = 5) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _wait(predicate, timeout: float, what: str, proc: subprocess.Popen, log: Path):
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} failed:\n{log.read_text(errors='replace')[-4000:]}")
        time.sleep(0.5)


def _stop(proc: subprocess.Popen) -> int:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            return proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    return proc.wait(timeout=10)


def main_inside(args: argparse.Namespace) -> int:
    started = time.monotonic()
    root = Path(args.inside)
    scratch, database_url = _prepare(root, args.database_url)
    image = Chroot(
        root,
        json.loads(args.config),
        {
            "DATABASE_URL": database_url,
            "REDIS_URL": args.redis_url,
            "JIFEN_SECRET_KEY": "image-check-only",
            "JIFEN_ALLOWED_HOSTS": "localhost,.localhost,127.0.0.1",
            "JIFEN_BASE_DOMAIN": "localhost",
            "JIFEN_LOG_FORMAT": "console",
            "JIFEN_MIGRATE_PROCESSES": "1",
        },
    )
    processes: list[subprocess.Popen] = []
    try:
        help_text = image.run("jifen", "--help").stdout
        assert "migrate" in help_text and "tenant" in help_text, help_text
        _say("jifen --help", f"as user {image.user}", started)

        client = image.run("pg_dump", "--version").stdout.strip()
        _say("PostgreSQL client", client, started)

        image.run("jifen", "migrate", "--verbosity", "0")
        _say("jifen migrate", f"public schema of {DATABASE}", started)
        image.run(
            "jifen", "tenant", "create", TENANT, "--name", "镜像检查", "--family", "county",
            "--admin-password", "image-check-1",
        )  # fmt: skip
        checked = image.run("jifen", "migrate", "--check").stdout.strip()
        assert checked.endswith("all schemas are up to date"), checked
        _say("tenant create, migrate", f"{TENANT}: {checked.splitlines()[-1]}", started)

        image.run("jifen", "tenant", "backup", TENANT, "--out", f"/tmp/{TENANT}.jifen-backup")
        size = (scratch / "tmp" / f"{TENANT}.jifen-backup").stat().st_size
        _say(
            "jifen tenant backup", f"{size / 1024:.0f} KiB written by the image's pg_dump", started
        )

        port = _free_port()
        log = scratch / "web.log"
        web = image.start("jifen", "web", "--bind", f"127.0.0.1:{port}", "--workers", "1", log=log)
        processes.append(web)
        base = f"http://127.0.0.1:{port}"
        _wait(lambda: _get(f"{base}/healthz")[0] == 200, 90, "web /healthz", web, log)
        status, body = _get(f"{base}/readyz")
        assert status == 200 and json.loads(body)["checks"] == {
            "database": "ok",
            "redis": "ok",
        }, body
        status, page = _get(f"{base}/", host=f"{TENANT}.localhost")
        assert status == 200 and "<script" in page, page[:500]
        _say("jifen web", f"/healthz, /readyz {body}, web app on {TENANT}.localhost", started)

        log = scratch / "worker.log"
        worker = image.start(
            "jifen", "worker", "--concurrency", "1", log=log,
            JIFEN_WORKER_METRICS_PORT=str(_free_port()),
        )  # fmt: skip
        processes.append(worker)

        def pinged() -> str | None:
            result = subprocess.run(
                image.argv(["celery", "-A", "workers.app", "inspect", "ping", "--timeout", "3"]),
                env=image.env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            return result.stdout if result.returncode == 0 and "pong" in result.stdout else None

        reply = _wait(pinged, 120, "worker ping", worker, log)
        probe = image.run("python", "-m", "jifen.probe", "worker", "--ready", "--max-age", "30")
        pong = " ".join(line.strip() for line in reply.splitlines() if line.strip())
        _say("jifen worker", f"{pong}; probe: {probe.stdout.strip()}", started)
        for proc in processes:
            _stop(proc)
        processes.clear()
        _say("stopped", "web and worker stopped on SIGTERM", started)
        return 0
    except Exception as exc:
        print(f"image-check: FAILED: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        for proc in processes:
            _stop(proc)
        subprocess.run(["umount", "--recursive", "--lazy", str(root / "dev")], check=False)
        for sub in ("proc", "tmp", "var/lib/jifen/media"):
            subprocess.run(["umount", "--lazy", str(root / sub)], check=False)
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("image", nargs="?", default="localhost/jifen:dev")
    parser.add_argument("--inside", help=argparse.SUPPRESS)
    parser.add_argument("--image", dest="image_name", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--redis-url", help=argparse.SUPPRESS)
    parser.add_argument("--config", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        return main_inside(args)
    return main_outside(args.image)


if __name__ == "__main__":
    sys.exit(main())
