"""Fixtures on real servers: two tenants ("alpha", "beta") built once per session.

Every test gets its own transaction (rolled back); tests that need a real worker process
work on committed rows and clean up after themselves.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from jifen.access.models import User
from jifen.access.services import token_create
from jifen.testing.clients import TenantClient
from jifen.testing.urls import database_url_from_settings
from jifen.testing.worlds import World, build_world, publish_template
from tenants import services as tenant_services


@pytest.fixture(scope="session")
def worlds(django_db_setup, django_db_blocker) -> dict[str, World]:
    with django_db_blocker.unblock():
        tenant_services.platform_ensure_public()
        built = {
            slug: build_world(slug, name) for slug, name in (("alpha", "甲县"), ("beta", "乙县"))
        }
        connection.set_schema_to_public()
    return built


@pytest.fixture
def alpha(worlds, db) -> World:
    return worlds["alpha"]


@pytest.fixture
def in_alpha(alpha):
    """Run the test body in alpha's schema, as a request to alpha would."""
    with schema_context("alpha"):
        yield alpha


@pytest.fixture
def yongzhou(in_alpha):
    """The 永州 template (seed 001) published for alpha's whole county."""
    return publish_template("yongzhou-safety-bureau", "yongzhou", in_alpha.root)


@pytest.fixture
def beta(worlds, db) -> World:
    return worlds["beta"]


@pytest.fixture
def client_for():
    """`client_for("alpha", "secretary_1")` → a client with that user's token."""

    def make(slug: str, username: str | None = None) -> TenantClient:
        if username is None:
            return TenantClient(slug)
        with schema_context(slug):
            token = token_create(user=User.objects.get(username=username), name="test")
        return TenantClient(slug, token)

    return make


# --- a real Celery worker process ------------------------------------------------------


@pytest.fixture(scope="session")
def celery_worker_process(worlds, django_db_blocker):
    """A `celery worker` child process on the test database and the test Redis."""
    from django.conf import settings

    from workers.app import app

    env = dict(os.environ)
    env["DATABASE_URL"] = database_url_from_settings(connection.settings_dict)
    env["REDIS_URL"] = settings.CELERY_BROKER_URL
    with socket.socket() as sock:  # a free port, so a demo worker on 9808 does not clash
        sock.bind(("127.0.0.1", 0))
        metrics_port = sock.getsockname()[1]
    env["JIFEN_WORKER_METRICS_PORT"] = str(metrics_port)
    app.control.purge()
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "workers.app", "worker",
            "--concurrency", "2", "--loglevel", "WARNING", "--without-gossip",
            "--without-mingle", "--hostname", f"test-{os.getpid()}@%h",
        ],
        env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not app.control.inspect(timeout=1).ping():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the Celery worker did not start within 60 s")
    proc.metrics_url = f"http://127.0.0.1:{metrics_port}/metrics"
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(autouse=True)
def _start_in_public_schema():
    """Each test starts where a request or a command starts: in the public schema."""
    connection.set_schema_to_public()
    yield
    connection.set_schema_to_public()
