"""A real web server (gunicorn, as `jifen web` runs it) on the test database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest
from django.conf import settings


@pytest.fixture
def fresh_rate_limits(settings):
    """Rate-limit counters of this test only: earlier tests' requests do not count."""
    settings.RATELIMIT_CACHE_PREFIX = f"rl-{uuid.uuid4().hex}:"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"

    def request(
        self,
        path: str,
        *,
        body: bytes | None = None,
        host: str = "alpha.localhost",
        timeout: float = 30,
    ) -> tuple[int, bytes]:
        req = urllib.request.Request(
            self.base + path,
            data=body,
            headers={"Host": host, "Content-Type": "application/json", "Accept-Language": "en"},
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


@pytest.fixture(scope="module")
def web_server(worlds, django_db_blocker):
    """gunicorn with one process of 4 threads (`jifen web`'s per-process shape)."""
    yield from _web_server(django_db_blocker)


def _web_server(django_db_blocker, **extra_env: str):
    from django.db import connection

    from jifen.testing.urls import database_url_from_settings

    with django_db_blocker.unblock():
        url = database_url_from_settings(connection.settings_dict)
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": settings.CELERY_BROKER_URL,
        "JIFEN_TESTING": "1",
        "JIFEN_DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "jifen.settings",
        **extra_env,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "jifen.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--threads", "4", "--timeout", "60"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    server = Server(port)
    deadline = time.monotonic() + 60
    while True:
        try:
            if server.request("/healthz", timeout=2)[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the web server did not start")
        time.sleep(0.3)
    yield server
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
