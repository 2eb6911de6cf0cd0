"""Reads of the food-seller slice: the public projection (only what the ruleset marks
public) and the bureau's lists, figures and plan, scoped to the units the caller reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.utils import timezone

from jifen.inspections.models import Inspection, PlannedInspection, RiskGrade
from jifen.rulebook.errors import RulebookError
from jifen.rulebook.selectors import applicable_for
from jifen.subjects.models import Subject

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class PublicPage:
    rows: list[dict[str, Any]]
    total: int
    page: int
    page_size: int
    licence: str = ""
    fields: tuple[str, ...] = field(default_factory=tuple)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _public_of(unit, on: dt.date, cache: dict) -> dict | None:
    if unit.pk not in cache:
        try:
            section = applicable_for(unit, "business", on).document.get("risk_grading") or {}
        except RulebookError:
            section = {}
        public = section.get("public") or {}
        cache[unit.pk] = public if public.get("fields") else None
    return cache[unit.pk]


def public_grades(
    *, name: str = "", area: str = "", page: int = 1, page_size: int = PAGE_SIZE
) -> PublicPage:
    """Businesses with their current grade and last inspection, searchable by name and
    area (the supervising station or the recorded area), paged; a business whose ruleset
    has no `risk_grading.public` is not listed, and only the listed fields are shown."""
    on = timezone.localdate()
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    page = max(1, page)
    latest = RiskGrade.objects.filter(subject=OuterRef("pk")).order_by("-period_start")
    subjects = (
        Subject.objects.filter(kind="business", left_on__isnull=True)
        .select_related("home_unit", "host_unit")
        .annotate(
            current_grade=Subquery(latest.values("grade")[:1]),
            last_inspected_on=Max("inspections__inspected_on"),
        )
        .exclude(current_grade__isnull=True)
        .exclude(current_grade="")
        .order_by("name", "pk")
    )
    if name.strip():
        subjects = subjects.filter(name__icontains=name.strip())
    if area.strip():
        subjects = subjects.filter(
            Q(home_unit__name__icontains=area.strip()) | Q(attributes__area__icontains=area.strip())
        )
    cache: dict = {}
    listed = [s for s in subjects if _public_of(s.scoring_unit, on, cache)]
    rows, licence, fields = [], "", ()
    for subject in listed[(page - 1) * page_size : page * page_size]:
        public = _public_of(subject.scoring_unit, on, cache)
        fields = tuple(public.get("fields", ()))
        licence = licence or public.get("licence", "")
        every = {
            "name": subject.name,
            "grade": subject.current_grade,
            "last_inspected_on": subject.last_inspected_on,
            "area": subject.attributes.get("area") or subject.scoring_unit.name,
            "address": subject.attributes.get("address", ""),
            "licence_no": subject.attributes.get("licence_no", ""),
            "business_type": subject.attributes.get("business_type", ""),
        }
        rows.append({key: every[key] for key in fields if key in every})
    if not licence:
        licence = next((p.get("licence", "") for p in cache.values() if p), "")
    return PublicPage(rows, len(listed), page, page_size, licence, fields)


def inspections_overdue(*, units: Iterable, on: dt.date) -> list:
    """Planned inspections due before `on` that are not done: the n-th visit of a plan is
    done once the business has n inspections recorded in the plan's year."""
    paths = [u.path for u in units]
    if not paths:
        return []
    scope = Q()
    for path in paths:
        scope |= Q(plan__subject__home_unit__path__startswith=path)
    visits = list(
        PlannedInspection.objects.filter(scope, due_on__lt=on)
        .select_related("plan__subject", "inspector")
        .order_by("due_on", "pk")
    )
    if not visits:
        return []
    subject_ids = {v.plan.subject_id for v in visits}
    years = {v.plan.year for v in visits}
    done = {
        (row["subject_id"], row["year"]): row["n"]
        for row in Inspection.objects.filter(
            subject_id__in=subject_ids, inspected_on__year__in=years
        )
        .values("subject_id", year=ExtractYear("inspected_on"))
        .annotate(n=Count("pk"))
    }
    return [v for v in visits if done.get((v.plan.subject_id, v.plan.year), 0) < v.seq]


def _under(units: Iterable, prefix: str = "home_unit") -> Q:
    scope = Q(pk__in=[])
    for unit in units:
        scope |= Q(**{f"{prefix}__path__startswith": unit.path})
    return scope


def _done_counts(subject_ids: Iterable[int], years: Iterable[int]) -> dict[tuple[int, int], int]:
    """Inspections recorded per (business, year): the n-th visit is done at n of them."""
    return {
        (row["subject_id"], row["year"]): row["n"]
        for row in Inspection.objects.filter(
            subject_id__in=list(subject_ids), inspected_on__year__in=list(years)
        )
        .values("subject_id", year=ExtractYear("inspected_on"))
        .annotate(n=Count("pk"))
    }


@dataclass(frozen=True)
class GradeRow:
    """One business on the bureau's list: its current grade and where it stands."""

    subject: Subject
    grade: str
    total: float | None
    last_inspected_on: dt.date | None
    overdue: int


@dataclass(frozen=True)
class GradeRows:
    rows: list[GradeRow]
    total: int


def risk_grade_list(
    *,
    units: Iterable,
    on: dt.date,
    grade: str = "",
    overdue_only: bool = False,
    name: str = "",
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> GradeRows:
    """Businesses under `units` with their current grade (an upheld appeal's grade first),
    last inspection and overdue visits as of `on`, filtered and paged in the database;
    `grade="-"` lists the businesses not graded yet."""
    latest = RiskGrade.objects.filter(subject=OuterRef("pk")).order_by("-period_start")
    overdue = (
        PlannedInspection.objects.filter(plan__subject=OuterRef("pk"), due_on__lt=on)
        .annotate(
            done=Subquery(
                Inspection.objects.filter(
                    subject=OuterRef("plan__subject"), inspected_on__year=OuterRef("plan__year")
                )
                .values("subject")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            )
        )
        .filter(Q(done__isnull=True) | Q(done__lt=F("seq")))
        .values("plan__subject")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    subjects = (
        Subject.objects.filter(_under(units), kind="business", left_on__isnull=True)
        .select_related("home_unit", "host_unit")
        .annotate(
            facts_grade=Subquery(latest.values("grade")[:1]),
            override=Subquery(latest.values("override_grade")[:1]),
            grade_total=Subquery(latest.values("total")[:1]),
            last_inspected_on=Max("inspections__inspected_on"),
            overdue_visits=Coalesce(Subquery(overdue), 0),
        )
        .annotate(current_grade=Coalesce(NullIf("override", Value("")), "facts_grade", Value("")))
        .order_by("name", "pk")
    )
    if name.strip():
        subjects = subjects.filter(name__icontains=name.strip())
    if grade == "-":
        subjects = subjects.filter(current_grade="")
    elif grade:
        subjects = subjects.filter(current_grade=grade)
    if overdue_only:
        subjects = subjects.filter(overdue_visits__gt=0)
    total = subjects.count()
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    page = subjects[max(0, offset) : max(0, offset) + limit]
    rows = [
        GradeRow(
            subject=s,
            grade=s.current_grade,
            total=None if s.grade_total is None else float(s.grade_total),
            last_inspected_on=s.last_inspected_on,
            overdue=s.overdue_visits,
        )
        for s in page
    ]
    return GradeRows(rows=rows, total=total)


def grade_distribution(*, units: Iterable, year: int, on: dt.date) -> list[tuple[dt.date, dict]]:
    """For each month of `year` up to `on`: how many businesses under `units` held each
    grade at the month's end, replayed from the grade timeline (`GradeChange`)."""
    from jifen.inspections.models import GradeChange

    ends = []
    for month in range(1, 13):
        end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
        if dt.date(year, month, 1) > on:
            break
        ends.append(min(end, on))
    changes = (
        GradeChange.objects.filter(
            subject__in=Subject.objects.filter(_under(units), kind="business")
        )
        .order_by("changed_at", "pk")
        .values_list("subject_id", "to_grade", "changed_at")
    )
    out, held, pending = [], {}, list(changes)
    index = 0
    for end in ends:
        while index < len(pending) and timezone.localdate(pending[index][2]) <= end:
            subject_id, to_grade, _at = pending[index]
            held[subject_id] = to_grade
            index += 1
        counts: dict[str, int] = {}
        for value in held.values():
            if value:
                counts[value] = counts.get(value, 0) + 1
        out.append((end, counts))
    return out


@dataclass(frozen=True)
class PlanVisit:
    visit: PlannedInspection
    done: bool
    overdue: bool


def inspection_plan_list(
    *, units: Iterable, start: dt.date, end: dt.date, on: dt.date, inspector_id: int | None = None
) -> list[PlanVisit]:
    """Planned visits under `units` due from `start` to `end` (the calendar's span), each
    done or not, overdue when past `on` and not done."""
    visits = list(
        PlannedInspection.objects.filter(
            _under(units, "plan__subject__home_unit"), due_on__gte=start, due_on__lte=end
        )
        .select_related("plan__subject__home_unit", "inspector")
        .order_by("due_on", "pk")
    )
    if inspector_id is not None:
        visits = [v for v in visits if v.inspector_id == inspector_id]
    done = _done_counts({v.plan.subject_id for v in visits}, {v.plan.year for v in visits})
    out = []
    for v in visits:
        finished = done.get((v.plan.subject_id, v.plan.year), 0) >= v.seq
        out.append(PlanVisit(visit=v, done=finished, overdue=not finished and v.due_on < on))
    return out
