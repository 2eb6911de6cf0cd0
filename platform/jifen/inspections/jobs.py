"""The outbox's side of the grade recompute: a deadline row, due at once, swept like any
other (`jifen.deadlines`), so a recompute committed with its bookings survives a broker
outage and runs once the sweep runs again."""

from __future__ import annotations

import datetime as dt

from jifen.deadlines.models import Deadline
from jifen.deadlines.registry import handler

KIND = "risk_grades_recompute"


@handler(KIND)
def risk_grades_recompute_due(deadline: Deadline, now: dt.datetime) -> None:
    from jifen.inspections.services import risk_grades_recompute

    risk_grades_recompute(
        subject_ids=deadline.payload["subject_ids"],
        reason=deadline.payload.get("reason", "recomputed"),
    )
