"""Frozen dataclasses exchanged between `rulesets` and the platform (ledger, workers, API).

Invariant: every value here is immutable and JSON-friendly, so an evaluation can be replayed
in any process from the same (compiled version, event, context) and give the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

EMPTY: MappingProxyType[str, Any] = MappingProxyType({})


def frozen_map(value: dict[str, Any] | None) -> MappingProxyType[str, Any]:
    """Wrap a mapping so a frozen dataclass really is read-only."""
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True)
class Event:
    """One recorded behaviour of one subject: the unit the engine evaluates.

    `idempotency_key` identifies the real-world fact; the ledger keeps one row per key, and
    the simulator and scoring count a key once.
    """

    id: str
    subject: str
    item: str
    occurred_on: date
    attributes: MappingProxyType[str, Any] = field(default_factory=lambda: EMPTY)
    idempotency_key: str = ""
    quantity: float = 1

    @property
    def key(self) -> str:
        return self.idempotency_key or self.id


@dataclass(frozen=True)
class EvaluationContext:
    """What the caller read from the database before evaluating one event.

    Counters cover the current period up to (not including) the event, so the engine itself
    keeps no state between calls.
    """

    period_start: date
    period_end: date
    subject_category: str = "default"
    subject_attributes: MappingProxyType[str, Any] = field(default_factory=lambda: EMPTY)
    item_occurrences: int = 0  # occurrences of this item for this subject so far in the period
    item_points: float = 0  # points already booked for this item in the period (after limits)
    bucket_totals: MappingProxyType[str, float] = field(
        default_factory=lambda: EMPTY
    )  # bucket code -> value so far
    group_points: MappingProxyType[str, float] = field(
        default_factory=lambda: EMPTY
    )  # "group:key" -> largest points so far
    counters: MappingProxyType[str, float] = field(
        default_factory=lambda: EMPTY
    )  # e.g. months_without_dues: 6

    def as_json(self) -> dict[str, Any]:
        """A JSON object the ledger stores with the event, to replay the evaluation."""
        return {
            "period_start": self.period_start.isoformat() if self.period_start else None,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "subject_category": self.subject_category,
            "subject_attributes": dict(self.subject_attributes),
            "item_occurrences": self.item_occurrences,
            "item_points": self.item_points,
            "bucket_totals": dict(self.bucket_totals),
            "group_points": dict(self.group_points),
            "counters": dict(self.counters),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EvaluationContext:
        def day(value: str | None) -> date | None:
            return date.fromisoformat(value) if value else None

        return cls(
            period_start=day(data.get("period_start")),  # type: ignore[arg-type]
            period_end=day(data.get("period_end")),  # type: ignore[arg-type]
            subject_category=data.get("subject_category", "default"),
            subject_attributes=frozen_map(data.get("subject_attributes")),
            item_occurrences=int(data.get("item_occurrences", 0)),
            item_points=float(data.get("item_points", 0)),
            bucket_totals=frozen_map(data.get("bucket_totals")),
            group_points=frozen_map(data.get("group_points")),
            counters=frozen_map(data.get("counters")),
        )


@dataclass(frozen=True)
class Effect:
    """A change to one bucket caused by one event (one future ledger row)."""

    bucket: str
    points: float  # what the ledger books now, after limits and caps known at event time
    raw_points: float  # before event-time limits; period close re-applies limits to these
    item: str
    rule: str
    capped_from: float | None = None
    group: str | None = None  # "group:key" for largest-only / no-double-bonus groups
    veto: str | None = None  # zero_period | lowest_grade | bar_redemption
    escalation: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Evaluation:
    """The effects of one event plus an explanation naming the rule and ruleset version."""

    event_id: str
    ruleset: str
    version: str
    rule: str
    effects: tuple[Effect, ...]
    explanation: str


@dataclass(frozen=True)
class Subject:
    """A scored account holder (member, household, pupil, business) for one period."""

    id: str
    category: str = "default"
    attributes: MappingProxyType[str, Any] = field(
        default_factory=lambda: EMPTY
    )  # role, status, near_school …
    joined_on: date | None = None
    exempt: bool = False
    previous: tuple[PreviousResult, ...] = ()  # most recent first


@dataclass(frozen=True)
class PreviousResult:
    """The outcome of an earlier period, for carry-over and rules across periods."""

    period_start: date
    total: float | None
    grade: str | None
    sub_totals: tuple[float, ...] = ()  # last sub-period totals (monthly carry-over)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive


@dataclass(frozen=True)
class ExplainLine:
    event: str
    item: str
    points: float
    rule: str


@dataclass(frozen=True)
class SubPeriodPoints:
    """What each bucket gained or lost in one sub-period (a week, a month)."""

    start: date
    end: date
    buckets: MappingProxyType[str, float]


@dataclass(frozen=True)
class QuotaTie:
    """A tie across a quota's boundary that the committee must decide."""

    key: str  # "<grade>:<scope>", what a decision names
    grade: str
    scope: str  # "" for everyone, else the category
    places: int  # how many of the tied may still have the grade
    tied: tuple[str, ...]  # subject ids
    rank: int


@dataclass(frozen=True)
class SubjectResult:
    """Period-close outcome of one subject."""

    id: str
    category: str
    total: float | None
    buckets: MappingProxyType[str, float]
    variables: MappingProxyType[str, float]
    grade: str | None
    rank: int | None
    stars: int | None
    vetoed: bool
    redeemable: bool
    flags: tuple[str, ...]
    explain: tuple[ExplainLine, ...] = field(default=())
    sub_periods: tuple[SubPeriodPoints, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "category": self.category,
            "total": self.total,
            "buckets": dict(self.buckets),
            "grade": self.grade,
            "rank": self.rank,
            "stars": self.stars,
            "vetoed": self.vetoed,
            "redeemable": self.redeemable,
            "flags": list(self.flags),
            "explain": [
                {"event": e.event, "item": e.item, "points": e.points, "rule": e.rule}
                for e in self.explain
            ],
            "sub_periods": [
                {"start": p.start.isoformat(), "end": p.end.isoformat(), "buckets": dict(p.buckets)}
                for p in self.sub_periods
            ],
        }


@dataclass(frozen=True)
class LedgerEntry:
    """One effect as the ledger stores it; the input of period-close scoring."""

    subject: str
    event_id: str
    idempotency_key: str
    occurred_on: date
    item: str
    bucket: str
    points: float
    raw_points: float
    rule: str
    group: str | None = None
    veto: str | None = None
    escalation: str | None = None


def entries_for(event: Event, evaluation: Evaluation) -> tuple[LedgerEntry, ...]:
    """The ledger rows one evaluated event produces."""
    return tuple(
        LedgerEntry(
            subject=event.subject,
            event_id=event.id,
            idempotency_key=event.key,
            occurred_on=event.occurred_on,
            item=effect.item,
            bucket=effect.bucket,
            points=effect.points,
            raw_points=effect.raw_points,
            rule=effect.rule,
            group=effect.group,
            veto=effect.veto,
            escalation=effect.escalation,
        )
        for effect in evaluation.effects
    )
