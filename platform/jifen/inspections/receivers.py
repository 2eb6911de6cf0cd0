"""Recompute a business's grade after each inspection or violation is booked."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import receiver

from jifen.ledger.signals import entries_changed, events_recorded


@receiver(events_recorded)
def _queue_grade_recompute(sender, *, subject_ids, kinds, **_kwargs) -> None:
    if "business" not in kinds:
        return
    from workers.tasks.inspections import recompute_risk_grades_task

    ids = sorted(subject_ids)
    transaction.on_commit(lambda: recompute_risk_grades_task.delay(ids))


@receiver(entries_changed)
def _queue_grade_recompute_on_change(sender, *, subject_ids, kinds, change, **_kwargs) -> None:
    # a board confirmed a violation or an inspection (it counts from now), or a booking was
    # reversed: the grade follows the facts that count
    if "business" not in kinds:
        return
    from workers.tasks.inspections import recompute_risk_grades_task

    ids = sorted(subject_ids)
    transaction.on_commit(lambda: recompute_risk_grades_task.delay(ids, change))
