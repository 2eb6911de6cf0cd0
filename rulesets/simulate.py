"""Run one period of a ruleset over subjects and events read from JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from rulesets.context import build_context
from rulesets.contracts import (
    Event,
    LedgerEntry,
    Period,
    PreviousResult,
    Subject,
    SubjectResult,
    entries_for,
    frozen_map,
)
from rulesets.engine import compiled
from rulesets.errors import RulesetError
from rulesets.periods import period_containing
from rulesets.scoring import score_period
from rulesets.versions import VersionKey


class InputError(RulesetError):
    """A line of subjects.jsonl or events.jsonl is malformed; the message names file:line."""


def _date(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _lines(path: str | Path) -> Iterable[tuple[str, dict[str, Any]]]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc}") from None
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{p}:{n}: invalid JSON: {exc.msg}") from None
        if not isinstance(data, dict):
            raise InputError(f"{p}:{n}: each line must be a JSON object")
        yield f"{p}:{n}", data


def subject_from(data: Mapping[str, Any], where: str = "subject") -> Subject:
    if "id" not in data:
        raise InputError(f"{where}: missing 'id'")
    previous = tuple(
        PreviousResult(
            period_start=_date(p.get("period_start", "1900-01-01"), where),
            total=p.get("total"),
            grade=p.get("grade"),
            sub_totals=tuple(p.get("sub_totals", ())),
        )
        for p in data.get("previous", [])
    )
    return Subject(
        id=str(data["id"]),
        category=str(data.get("category", "default")),
        attributes=frozen_map(data.get("attributes")),
        joined_on=_date(data["joined_on"], where) if data.get("joined_on") else None,
        exempt=bool(data.get("exempt", False)),
        previous=previous,
    )


def event_from(data: Mapping[str, Any], where: str = "event") -> Event:
    for key in ("id", "subject", "item", "occurred_on"):
        if key not in data:
            raise InputError(f"{where}: missing {key!r}")
    return Event(
        id=str(data["id"]),
        subject=str(data["subject"]),
        item=str(data["item"]),
        occurred_on=_date(data["occurred_on"], where),
        attributes=frozen_map(data.get("attributes")),
        idempotency_key=str(data.get("idempotency_key", "")),
        quantity=float(data.get("quantity", 1)),
    )


def run(
    document: Mapping[str, Any],
    subjects: list[Subject],
    events: list[Event],
    period: Period,
    key: VersionKey | None = None,
    order: str = "date",
    decisions: Mapping[str, Any] | None = None,
) -> list[SubjectResult]:
    """Evaluate events one per idempotency key, then close the period.

    `order="date"` takes them by date (what `rules simulate` does); `order="arrival"` takes
    them as given, the way a ledger books declarations that arrive late or out of order.
    """
    engine = compiled(
        key
        or VersionKey.of(
            "simulate", str(document["ruleset"]), str(document.get("version", "draft")), document
        ),
        document,
    )
    by_id = {s.id: s for s in subjects}
    booked: dict[str, list[LedgerEntry]] = {s.id: [] for s in subjects}
    seen: set[str] = set()
    ordered = events if order == "arrival" else sorted(events, key=lambda e: (e.occurred_on, e.id))
    for event in ordered:
        if not period.start <= event.occurred_on <= period.end or event.key in seen:
            continue
        seen.add(event.key)
        subject = by_id.get(event.subject)
        if subject is None:
            raise InputError(f"event {event.id!r}: unknown subject {event.subject!r}")
        context = build_context(document, subject, period, event, booked[subject.id])
        try:
            evaluation = engine.evaluate(event, context)
        except RulesetError as exc:
            raise InputError(f"event {event.id!r}: {exc}") from None
        booked[subject.id].extend(entries_for(event, evaluation))
    return score_period(
        document,
        subjects,
        [e for entries in booked.values() for e in entries],
        period,
        engine=engine,
        decisions=decisions,
    )


def simulate_files(
    document: Mapping[str, Any],
    subjects_path: str | Path,
    events_path: str | Path,
    period_start: date | None = None,
) -> dict[str, Any]:
    """The `rules simulate` JSON object."""
    subjects = [subject_from(d, w) for w, d in _lines(subjects_path)]
    events = [event_from(d, w) for w, d in _lines(events_path)]
    if period_start is None:
        period_start = min((e.occurred_on for e in events), default=date.today())
    period = period_containing(document, period_start)
    results = run(document, subjects, events, period)
    return {
        "ruleset": document["ruleset"],
        "version": str(document.get("version", "draft")),
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "subjects": [r.as_json() for r in results],
    }
