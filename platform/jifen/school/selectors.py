"""Reads of a class and of the teaching office: the pupils' week, the month for parents,
the term prizes, the teachers' monthly check.

Every figure is the ruleset's own scoring (`rulesets.score_period`) of what counts in the
ledger up to the span's last day, so a week's ranking is the ranking a close on that day
would publish; the span's entries are listed as they stand (a recorded entry not yet
confirmed is shown, marked, and not counted). Callers check permissions first
(`jifen.policy.require(…, Action.READ_CLASS, unit)` or `require_pupil_reader`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import rulesets
from jifen.ledger.models import Account
from jifen.ledger.selectors import counted_entries, standing_entries
from jifen.org.models import OrgUnit
from jifen.procedure.services.close import scored_subjects, scoring_subjects
from jifen.rulebook.selectors import applicable_for, period_of
from jifen.school.models import Guardian
from jifen.subjects.models import Subject
from rulesets.periods import sub_periods

# 期末匯總,獎勵總分前15名…獎勵分為一、二、三等 (seed 004 第二篇 附說明 4, l.92) names three
# prize levels for the top 15 but no split; we split them in fives, as the same seed splits
# its other top 15 (月考考試前15名: 1-5名 +3, 6-10名 +2, 11-15名 +1, l.42).
PRIZE_LEVELS = ((5, "first"), (10, "second"), (15, "third"))
# 月考核優秀的教師當月獎勵200分,月考核合格的教師當月獎勵150分 (seed 000 §4 l.329)
TEACHER_AWARDS = {"excellent": 200, "qualified": 150}


@dataclass(frozen=True)
class EntryLine:
    on: dt.date
    item: str
    title: str
    points: float
    recorded_by: str
    confirmed: bool


@dataclass(frozen=True)
class PupilLine:
    subject: Subject
    total: float | None  # as it stands at the span's end (what counts)
    rank: int | None
    gained: float  # in the span, counted
    lost: float  # in the span, counted, as a positive number
    grade: str | None
    flags: tuple[str, ...]
    buckets: Mapping[str, float]
    entries: tuple[EntryLine, ...]  # in the span, standing (confirmed or not)
    stars: int | None = None  # star level where the ruleset awards stars (households)


@dataclass(frozen=True)
class ClassSpan:
    unit: OrgUnit
    ruleset: str
    period: rulesets.Period
    start: dt.date
    end: dt.date
    lines: tuple[PupilLine, ...]  # by rank, then name
    tied: frozenset[int]  # subjects in a quota tie the committee still has to decide


def item_titles(document: Mapping[str, Any]) -> dict[str, str]:
    return {i["code"]: i.get("title", i["code"]) for i in document.get("items", []) or []}


def class_span(*, unit: OrgUnit, start: dt.date, end: dt.date, kind: str = "person") -> ClassSpan:
    """The unit's pupils (or teachers) over `start`…`end`: each one's entries of the span,
    what they gained and lost in it, and total, rank, grade and flags as of `end`."""
    app = applicable_for(unit, kind, end)
    period = period_of(app, end, field="on")
    start = max(start, period.start)
    subjects = [
        s
        for s in scored_subjects(unit).filter(kind=kind).order_by("name", "pk")
        if s.left_on is None or s.left_on >= start
    ]
    ruleset = app.version.ruleset
    accounts = Account.objects.filter(
        subject__in=[s.pk for s in subjects], ruleset=ruleset, period_start=period.start
    )
    counted = counted_entries(accounts=accounts, span=rulesets.Period(period.start, end))
    scored, tied = rulesets.score_period_provisionally(
        app.document,
        scoring_subjects(subjects, ruleset, period),
        counted,
        period,
        engine=app.engine(),
    )
    results = {r.id: r for r in scored}
    moved: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for e in counted:
        if e.bucket and e.occurred_on >= start:
            moved[e.subject][0 if e.points > 0 else 1] += e.points
    titles = item_titles(app.document)
    listed: dict[int, list[EntryLine]] = defaultdict(list)
    for row in (
        standing_entries(accounts=accounts, span=rulesets.Period(start, end))
        .exclude(bucket="")
        .select_related("event__recorded_by")
        .order_by("occurred_on", "account_id", "seq")
    ):
        recorder = row.event.recorded_by
        listed[row.subject_id].append(
            EntryLine(
                on=row.occurred_on,
                item=row.item,
                title=titles.get(row.item, row.item),
                points=float(row.points),
                recorded_by=str(recorder) if recorder else "",
                confirmed=row.confirmed,
            )
        )
    lines = []
    for s in subjects:
        r = results.get(str(s.pk))
        gained, lost = moved[str(s.pk)]
        lines.append(
            PupilLine(
                subject=s,
                total=None if r is None else r.total,
                rank=None if r is None else r.rank,
                gained=round(gained, 4) + 0.0,
                lost=round(-lost, 4) + 0.0,
                grade=None if r is None else r.grade,
                flags=() if r is None else tuple(r.flags),
                buckets={} if r is None else dict(r.buckets),
                entries=tuple(listed[s.pk]),
                stars=None if r is None else r.stars,
            )
        )
    lines.sort(key=lambda x: (x.rank is None, x.rank or 0, x.subject.name, x.subject.pk))
    return ClassSpan(
        unit=unit,
        ruleset=ruleset.code,
        period=period,
        start=start,
        end=end,
        lines=tuple(lines),
        tied=frozenset(int(t) for t in tied if t.isdigit()),
    )


def class_week(*, unit: OrgUnit, on: dt.date) -> ClassSpan:
    """The duty monitor's week (常規結果每周一匯總, seed 004 第二篇 附說明 2): the ruleset's
    weekly sub-period containing `on`, each pupil's entries and the ranking at its end."""
    app = applicable_for(unit, "person", on)
    period = period_of(app, on, field="on")
    unit_name = (app.document.get("period") or {}).get("sub_period") or "week"
    part = next(p for p in sub_periods(period, unit_name) if p.start <= on <= p.end)
    return class_span(unit=unit, start=part.start, end=part.end)


def month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, month, 1)
    return start, (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def class_month(*, unit: OrgUnit, year: int, month: int, kind: str = "person") -> ClassSpan:
    """A month of the class (or of the teachers): the span the monthly report and the
    parent-meeting flag (`parent_meeting@YYYY-MM-01`) read."""
    start, end = month_span(year, month)
    return class_span(unit=unit, start=start, end=end, kind=kind)


def parent_meeting(line: PupilLine, month_start: dt.date) -> bool:
    """The class-points flag: among the bottom three at the month's end and more than 10
    points lost in the month (积分後三名且月扣分高於10分, seed 004 第二篇 附說明 5)."""
    return f"parent_meeting@{month_start.isoformat()}" in line.flags


def prize_level(rank: int | None) -> str | None:
    if rank is None:
        return None
    return next((level for top, level in PRIZE_LEVELS if rank <= top), None)


@dataclass(frozen=True)
class Prize:
    line: PupilLine
    level: str  # first | second | third


def term_prizes(*, unit: OrgUnit, on: dt.date) -> tuple[ClassSpan, list[Prize]]:
    """The top 15 of the term by total as of `on` (the term's last day for the real
    prizes): rank ≤ 15 (`prize_top15`; pupils tied on 15th place all win), in three levels."""
    app = applicable_for(unit, "person", on)
    period = period_of(app, on, field="on")
    span = class_span(unit=unit, start=period.start, end=min(on, period.end))
    prizes = [
        Prize(line, prize_level(line.rank))
        for line in span.lines
        if "prize_top15" in line.flags and prize_level(line.rank)
    ]
    return span, prizes


@dataclass(frozen=True)
class TeacherMonth:
    line: PupilLine
    standard_failures: float
    development: float
    award: int  # points this month: 200 优秀, 150 合格, 0 不合格
    tied: bool  # the checkers still decide this place (a tie across the 50% quota)


def teacher_month(*, unit: OrgUnit, year: int, month: int) -> list[TeacherMonth]:
    """The teaching office's monthly check (seed 000 §4 二): per teacher the standard items
    failed, the development checks rated 优秀, the grade (优秀 for the top ~50% who passed,
    合格 for the other passes) and the month's award points."""
    span = class_month(unit=unit, year=year, month=month)
    out = []
    for line in span.lines:
        out.append(
            TeacherMonth(
                line=line,
                standard_failures=float(line.buckets.get("standard_failures", 0.0)),
                development=float(line.buckets.get("development", 0.0)),
                award=TEACHER_AWARDS.get(line.grade or "", 0),
                tied=line.subject.pk in span.tied,
            )
        )
    return out


def pupil_month(*, pupil: Subject, year: int, month: int) -> tuple[ClassSpan, PupilLine]:
    """One pupil's month in their class (the report to parents)."""
    span = class_month(unit=pupil.scoring_unit, year=year, month=month)
    line = next(x for x in span.lines if x.subject.pk == pupil.pk)
    return span, line


def children_of(*, user) -> list[Subject]:
    """The pupils whose parent `user` is."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        g.pupil
        for g in Guardian.objects.filter(user=user)
        .select_related("pupil__home_unit", "pupil__host_unit")
        .order_by("pupil__name", "pupil_id")
    ]


def pupils_of_parent_ids(user) -> Sequence[int]:
    return list(Guardian.objects.filter(user=user).values_list("pupil_id", flat=True))
