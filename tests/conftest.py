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
from dataclasses import dataclass

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from jifen.access.models import User
from jifen.access.services import token_create
from jifen.org.models import Role, RoleAssignment, UnitKind
from jifen.org.services import unit_create, unit_root
from jifen.subjects.models import Subject, SubjectKind
from jifen.testing.clients import TenantClient
from jifen.testing.urls import database_url_from_settings
from tenants import services as tenant_services


@dataclass(frozen=True)
class World:
    """Ids of one tenant's test organisation: county → 2 townships → 3 branches."""

    slug: str
    root: int
    township_1: int
    township_2: int
    branch_1: int
    branch_2: int
    branch_3: int
    floating: int  # homed in branch 3, hosted (scored) in branch 1
    member_subject: int


def _build_world(slug: str, name: str) -> World:
    tenant_services.tenant_create(
        slug=slug, name=name, family="county", admin_password="admin-pass-1"
    )
    with schema_context(slug):
        root = unit_root()
        t1 = unit_create(parent=root, name=f"{name}一镇党委", kind=UnitKind.COMMITTEE)
        t2 = unit_create(parent=root, name=f"{name}二镇党委", kind=UnitKind.COMMITTEE)
        b1 = unit_create(parent=t1, name=f"{name}一支部", kind=UnitKind.BRANCH)
        b2 = unit_create(parent=t1, name=f"{name}二支部", kind=UnitKind.BRANCH)
        b3 = unit_create(parent=t2, name=f"{name}三支部", kind=UnitKind.BRANCH)

        def person(unit, label, category="full", **extra):
            return Subject.objects.create(
                kind=SubjectKind.PERSON, name=f"{name}{label}", category=category,
                home_unit=unit, **extra,
            )  # fmt: skip

        member = person(b1, "党员甲")
        person(b1, "党员乙")
        person(b2, "党员丙")
        person(b3, "党员丁")
        floating = person(b3, "流动党员", category="floating", host_unit=b1)
        users = {
            "county": (Role.SUPERIOR, root),
            "township_1": (Role.SUPERIOR, t1),
            "secretary_1": (Role.SECRETARY, b1),
            "member_1": (Role.MEMBER, b1),
            "recorder_1": (Role.RECORDER, b1),
            "supervisor_1": (Role.SUPERVISOR, b1),
            "secretary_2": (Role.SECRETARY, b2),
        }
        for username, (role, unit) in users.items():
            user = User.objects.create_user(username=username, password="pass-12345")
            RoleAssignment.objects.create(user=user, role=role, unit=unit)
        member.user = User.objects.get(username="member_1")
        member.save()
    return World(slug, root.pk, t1.pk, t2.pk, b1.pk, b2.pk, b3.pk, floating.pk, member.pk)


@pytest.fixture(scope="session")
def worlds(django_db_setup, django_db_blocker) -> dict[str, World]:
    with django_db_blocker.unblock():
        tenant_services.platform_ensure_public()
        built = {
            slug: _build_world(slug, name) for slug, name in (("alpha", "甲县"), ("beta", "乙县"))
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


def publish_template(template: str, code: str, unit_id: int, effective_from=None):
    """Fork a shipped template, publish it and assign it to a unit (current schema)."""
    import datetime as dt

    from jifen.org.models import OrgUnit
    from jifen.rulebook.services import ruleset_assign, ruleset_fork, ruleset_publish

    ruleset = ruleset_fork(template=template, code=code)
    ruleset_publish(
        version=ruleset.versions.get(), effective_from=effective_from or dt.date(2020, 1, 1)
    )
    ruleset_assign(unit=OrgUnit.objects.get(pk=unit_id), ruleset=ruleset)
    return ruleset


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
