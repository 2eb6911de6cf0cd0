"""Build the EvaluationContext of an event from the subject's earlier ledger entries.

The platform may compute the same counters with SQL; this is the reference definition, used
by the simulator and the tests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rulesets.contracts import EvaluationContext, Event, LedgerEntry, Period, Subject, frozen_map
from rulesets.scoring import _initial


def _month(day: Any) -> int:
    return day.year * 12 + day.month - 1


def counters_for(
    document: Mapping[str, Any], event: Event, prior: Sequence[LedgerEntry]
) -> dict[str, float]:
    """Counters declared under `counters:` as they stand after `event`."""
    out: dict[str, float] = {}
    for name, spec in (document.get("counters") or {}).items():
        items = set(spec["items"])
        dates = [e.occurred_on for e in prior if e.item in items and e.bucket]
        if event.item in items:
            dates.append(event.occurred_on)
        if spec["kind"] == "count":
            out[name] = float(
                len({(e.event_id) for e in prior if e.item in items}) + (event.item in items)
            )
            continue
        # The run of consecutive months that contains the event's month, counting months
        # booked before and after it: events may arrive in any order (a late declaration of
        # January after June's), and the count must not depend on that order.
        months = {_month(d) for d in dates}
        current = _month(event.occurred_on)
        first = last = current
        while first - 1 in months:
            first -= 1
        while last + 1 in months:
            last += 1
        out[name] = float(last - first + 1)
    return out


def initial_totals(document: Mapping[str, Any], subject: Subject) -> dict[str, float]:
    """Each per-period bucket's value before any entry (its category's or the bucket's
    initial, or the carried-over share): the same for every event of the subject in the
    period, so a batch computes it once per (document, subject)."""
    categories = {c["code"]: c for c in document.get("subject", {}).get("categories", [])}
    from rulesets.scoring import _Work  # local: _Work is an implementation detail

    work = _Work(subject)
    return {
        spec["code"]: _initial(spec["code"], spec, work, categories)
        for spec in document["buckets"]
        if spec.get("per", "period") == "period"
    }


def build_context(
    document: Mapping[str, Any],
    subject: Subject,
    period: Period,
    event: Event,
    prior: Sequence[LedgerEntry],
    initial: Mapping[str, float] | None = None,
) -> EvaluationContext:
    """Context for `event` given the subject's entries booked earlier in the same period.

    `initial` is `initial_totals(document, subject)` when the caller keeps it.
    """
    totals = dict(initial) if initial is not None else initial_totals(document, subject)
    groups: dict[str, float] = {}
    item_events = set()
    item_points = 0.0
    for e in prior:
        if e.bucket in totals:
            totals[e.bucket] += e.points
        if e.group:
            groups[e.group] = groups.get(e.group, 0.0) + e.points
        if e.item == event.item and e.bucket:
            item_events.add(e.event_id)
            item_points += e.points
    return EvaluationContext(
        period_start=period.start,
        period_end=period.end,
        subject_category=subject.category,
        subject_attributes=frozen_map(dict(subject.attributes)),
        item_occurrences=len(item_events),
        item_points=item_points,
        bucket_totals=frozen_map(totals),
        group_points=frozen_map(groups),
        counters=frozen_map(counters_for(document, event, prior)),
    )
