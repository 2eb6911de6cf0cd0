"""The outbox's side of a worker check: a deadline row written with the check, due at once,
so a check requested while the broker is away is completed by the next sweep a worker runs
(beat's `deadlines.sweep_all`) instead of never."""

from __future__ import annotations

import datetime as dt

from jifen.deadlines.models import Deadline
from jifen.deadlines.registry import handler

KIND = "worker_check_complete"


@handler(KIND)
def worker_check_due(deadline: Deadline, now: dt.datetime) -> None:
    from jifen.ops.services import worker_check_complete

    # idempotent: when the queued task ran first, its completion stands
    worker_check_complete(check_id=deadline.payload["check_id"])
