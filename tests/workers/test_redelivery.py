"""A worker killed in the middle of a task: the task is delivered again to another worker
once the broker's visibility timeout has passed (tasks are acknowledged late), in minutes
rather than an hour, and it completes once."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.db import connection, transaction
from django_tenants.utils import schema_context

from jifen.access.models import User
from jifen.ops.models import WorkerCheck
from jifen.settings.lifecycle import CELERY_TASK_TIME_LIMIT
from jifen.testing.urls import database_url_from_settings
from jifen.testing.workers import start_worker
from workers.app import app
from workers.tasks.ops import complete_worker_check_task

pytestmark = pytest.mark.worker

QUEUE = "redelivery-test"
# a short time limit and margin so that the test waits seconds, not minutes
FAST = {
    "JIFEN_TASK_TIME_LIMIT": "40",
    "JIFEN_BROKER_VISIBILITY_MARGIN": "5",
    "JIFEN_BROKER_RESTORE_INTERVAL": "1",
}


def _wait(predicate, timeout: float, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not reached within {timeout} s")


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


def _activity() -> list:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, state, wait_event_type, wait_event, left(query, 120) "
            "FROM pg_stat_activity WHERE datname = current_database()"
        )
        return cursor.fetchall()


def test_the_settings_redeliver_after_the_longest_task_and_within_minutes():
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert CELERY_TASK_TIME_LIMIT < options["visibility_timeout"] <= 10 * 60
    assert options["unacked_restore_interval"] * options["unacked_restore_throttle"] <= 60


def test_a_task_whose_worker_was_killed_runs_again_on_another(worlds, django_db_blocker):
    with django_db_blocker.unblock():
        urls = {"database_url": database_url_from_settings(connection.settings_dict),
                "redis_url": settings.CELERY_BROKER_URL}  # fmt: skip
        app.control.purge()
        with schema_context("alpha"):
            check = WorkerCheck.objects.create(requested_by=User.objects.get(username="admin"))
        doomed = start_worker(**urls, name="doomed", queues=QUEUE, concurrency=1,
                              extra_env=FAST)  # fmt: skip
        try:
            # given: the worker has taken the task and is in the middle of it (it waits
            # for the row this test holds locked)
            with schema_context("alpha"), transaction.atomic():
                WorkerCheck.objects.select_for_update().get(pk=check.pk)
                complete_worker_check_task.apply_async(
                    args=[check.pk], headers={"_schema_name": "alpha"}, queue=QUEUE
                )
                try:
                    _wait(_waiting_on_a_lock, timeout=60)
                except AssertionError:
                    raise AssertionError(
                        f"the worker never waited for the row: {_activity()}, "
                        f"{WorkerCheck.objects.filter(pk=check.pk).values()}"
                    ) from None
                # when: it is killed outright, before acknowledging anything
                doomed.kill_hard()
                killed_at = time.monotonic()
        finally:
            doomed.stop()
        with schema_context("alpha"):
            check.refresh_from_db()
            assert check.completed_at is None
        phoenix = start_worker(**urls, name="phoenix", queues=QUEUE, concurrency=1,
                               extra_env=FAST)  # fmt: skip
        try:

            def completed():
                with schema_context("alpha"):
                    return WorkerCheck.objects.filter(
                        pk=check.pk, completed_at__isnull=False
                    ).first()

            # then: the message is delivered again and the other worker completes it
            done = _wait(completed, timeout=150)
            assert time.monotonic() - killed_at < 150
            assert done.worker_schema == "alpha" and done.worker_pid != doomed.pid
        finally:
            phoenix.stop()
            with schema_context("alpha"):
                WorkerCheck.objects.filter(pk=check.pk).delete()
