"""Worker round-trip checks."""

from __future__ import annotations

import os
import socket

import structlog
from django.db import connection, transaction
from django.utils import timezone

from jifen import policy
from jifen.ops.models import WorkerCheck
from jifen.policy import Action

log = structlog.get_logger(__name__)


def worker_check_request(*, actor) -> WorkerCheck:
    """Record a check with its outbox row in one transaction (tenant administrators), and
    queue it once committed. With the broker away the queueing fails quietly and the
    deadline sweep completes the check after the broker is back: nothing committed is lost,
    and no broker failure after commit becomes the client's error."""
    from jifen.deadlines.services import deadline_schedule
    from jifen.ops.jobs import KIND

    policy.require_tenant_admin(actor, Action.CHECK_WORKERS)
    with transaction.atomic():
        check = WorkerCheck.objects.create(requested_by=actor)
        deadline_schedule(
            kind=KIND, key=f"{KIND}:{check.pk}", due_at=timezone.now(),
            payload={"check_id": check.pk},
        )  # fmt: skip
    transaction.on_commit(lambda: _queue(check.pk))
    return check


def _queue(check_id: int) -> None:
    from workers.tasks.ops import complete_worker_check_task

    try:
        complete_worker_check_task.delay(check_id)
    except Exception as exc:  # the broker is away: the outbox row waits for the sweep
        log.warning("outbox.dispatch_deferred", kind="worker_check_complete", error=repr(exc))


def worker_check_complete(*, check_id: int) -> WorkerCheck:
    """Stamp the check with who ran it (idempotent: the first completion stands)."""
    with transaction.atomic():
        check = WorkerCheck.objects.select_for_update().get(pk=check_id)
        if check.completed_at is None:
            check.completed_at = timezone.now()
            check.worker_host = socket.gethostname()
            check.worker_pid = os.getpid()
            check.worker_schema = connection.schema_name
            check.save()
    return check
