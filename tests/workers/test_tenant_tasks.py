"""Tasks sent from a tenant request run in a separate worker process, in that tenant."""

import os
import time

import pytest
from django_tenants.utils import schema_context

from jifen.access.models import User
from jifen.access.services import token_create
from jifen.ops.models import WorkerCheck
from jifen.testing.clients import TenantClient
from workers.app import PublicSchemaTaskError
from workers.tasks.ops import complete_worker_check_task

pytestmark = pytest.mark.worker


def _wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"not done within {timeout} s")


def test_task_from_tenant_request_runs_in_worker_in_that_tenants_schema(
    worlds, celery_worker_process, django_db_blocker
):
    with django_db_blocker.unblock():
        # given a committed token for alpha's administrator
        with schema_context("alpha"):
            token = token_create(user=User.objects.get(username="admin"), name="worker-test")
        with schema_context("beta"):
            beta_before = list(WorkerCheck.objects.values_list("pk", "completed_at"))
        # when alpha's administrator asks for a worker round trip over HTTP
        result = TenantClient("alpha", token).graphql(
            "mutation { workerCheckRequest { check { id } errors { code } } }"
        )
        check_id = int(result["data"]["workerCheckRequest"]["check"]["id"])

        # then another process completes it, connected to alpha's schema
        def completed():
            with schema_context("alpha"):
                return WorkerCheck.objects.filter(pk=check_id, completed_at__isnull=False).first()

        check = _wait_for(completed)
        assert check.worker_schema == "alpha"
        assert check.worker_pid != os.getpid()
        assert check.worker_pid not in (None, celery_worker_process.pid)  # a pool child
        # and beta's table was not touched
        with schema_context("beta"):
            assert list(WorkerCheck.objects.values_list("pk", "completed_at")) == beta_before
        with schema_context("alpha"):
            WorkerCheck.objects.filter(pk=check_id).delete()


def test_tenant_task_sent_from_public_schema_is_refused(worlds, db):
    # The public schema has no tenant tables: such a task would fail or, worse, write there.
    with pytest.raises(PublicSchemaTaskError, match="sent from the public schema"):
        complete_worker_check_task.delay(1)
