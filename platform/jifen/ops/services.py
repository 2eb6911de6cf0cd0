"""Worker round-trip checks."""

from __future__ import annotations

import os
import socket

from django.db import connection, transaction
from django.utils import timezone

from jifen import policy
from jifen.ops.models import WorkerCheck
from jifen.policy import Action


def worker_check_request(*, actor) -> WorkerCheck:
    """Record a check and queue it once the row is committed (tenant administrators)."""
    from workers.tasks.ops import complete_worker_check_task

    policy.require_tenant_admin(actor, Action.CHECK_WORKERS)
    check = WorkerCheck.objects.create(requested_by=actor)
    transaction.on_commit(lambda: complete_worker_check_task.delay(check.pk), robust=True)
    return check


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
