"""Recompute a business's grade after each inspection or violation is booked."""

from __future__ import annotations

import uuid

import structlog
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from jifen.ledger.signals import entries_changed, events_recorded
from jifen.procedure.signals import period_results_written

log = structlog.get_logger(__name__)


@receiver(events_recorded)
def _queue_grade_recompute(sender, *, subject_ids, kinds, **_kwargs) -> None:
    """Write the follow-up as a row in the bookings' own transaction (an outbox): it commits
    with them or not at all, and the deadline sweep runs it whether or not the broker was
    there when they committed."""
    if "business" not in kinds:
        return
    _outbox(sorted(subject_ids), "recomputed")


@receiver(entries_changed)
def _queue_grade_recompute_on_change(sender, *, subject_ids, kinds, change, **_kwargs) -> None:
    # a board confirmed a violation or an inspection (it counts from now), or a booking was
    # reversed: the grade follows the facts that count
    if "business" not in kinds:
        return
    _outbox(sorted(subject_ids), change)


def _outbox(subject_ids: list[int], reason: str) -> None:
    from jifen.deadlines.services import deadline_schedule
    from jifen.inspections.jobs import KIND

    deadline_schedule(
        kind=KIND,
        key=f"{KIND}:{uuid.uuid4().hex}",
        due_at=timezone.now(),
        payload={"subject_ids": subject_ids, "reason": reason},
    )
    transaction.on_commit(_sweep_soon)


def _sweep_soon() -> None:
    """Ask a worker to sweep now rather than at the next beat; with the broker away the row
    simply waits for the sweep after it is back (the bookings have committed either way)."""
    from workers.tasks.deadlines import sweep_tenant_deadlines_task

    try:
        sweep_tenant_deadlines_task.delay()
    except Exception as exc:
        log.warning("outbox.dispatch_deferred", kind="risk_grades_recompute", error=repr(exc))


@receiver(period_results_written)
def _carry_the_years_grades(sender, *, close, again, **_kwargs) -> None:
    """A year's results written again after a reopening (an upheld objection to them, a
    returned filing): next year's grades follow them in the same transaction, so a carried
    grade never disagrees with the total the board confirmed last. (The first close's
    adjustment runs with the close job, `procedure.jobs`, after every unit closed.)"""
    from jifen.inspections.services import risk_grades_year_adjust

    if again and close.results.filter(subject__kind="business").exists():
        risk_grades_year_adjust(close=close)
