"""Fixtures on real servers: two tenants ("alpha", "beta") built once per session.

Every test gets its own transaction (rolled back); tests that need a real worker process
work on committed rows and clean up after themselves.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import translation
from django_tenants.utils import schema_context
from hypothesis import HealthCheck, settings

from jifen.access.models import User
from jifen.access.services import token_create
from jifen.testing.clients import TenantClient
from jifen.testing.urls import database_url_from_settings
from jifen.testing.workers import start_worker
from jifen.testing.worlds import World, build_world, publish_template
from tenants import services as tenant_services

# Hypothesis' timing checks fail on a loaded machine without saying anything about the code;
# speed is measured in bench/, not in unit tests.
settings.register_profile("jifen", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("jifen")


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_modify_db_settings, django_db_blocker):
    """Always create the test database. pytest-django creates it only when some selected
    test asks for `db`; worker tests work on committed rows and do not. Under pytest-xdist
    `django_db_modify_db_settings` names it per process (`test_jifen_gw0`, …)."""
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=0)


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

    app.control.purge()
    worker = start_worker(
        database_url=database_url_from_settings(connection.settings_dict),
        redis_url=settings.CELERY_BROKER_URL,
        name="test",
    )
    yield worker
    worker.stop()


@pytest.fixture(autouse=True)
def _in_english():
    """Tests read messages in English (the product's default is Chinese: a request without
    Accept-Language and every scheduled job get Chinese; tests of both languages say so)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _start_in_public_schema():
    """Each test starts where a request or a command starts: in the public schema."""
    connection.set_schema_to_public()
    yield
    connection.set_schema_to_public()
