"""The outbox's side of the grade recompute: a deadline row, due at once, swept like any
other (`jifen.deadlines`), so a recompute committed with its bookings survives a broker
outage and runs once the sweep runs again."""

from __future__ import annotations

import datetime as dt

from jifen.deadlines.models import Deadline, DeadlineStatus
from jifen.deadlines.registry import handler

KIND = "risk_grades_recompute"


@handler(KIND)
def risk_grades_recompute_due(deadline: Deadline, now: dt.datetime) -> None:
    from jifen.inspections.services import risk_grades_recompute

    ids = deadline.payload["subject_ids"]
    later = Deadline.objects.filter(kind=KIND, status=DeadlineStatus.PENDING, pk__gt=deadline.pk)
    if ids and all(later.filter(payload__subject_ids__contains=[i]).exists() for i in ids):
        return  # a later row recomputes these with the latest fact's reason (a confirmation …)
    risk_grades_recompute(
        subject_ids=deadline.payload["subject_ids"],
        reason=deadline.payload.get("reason", "recomputed"),
    )
