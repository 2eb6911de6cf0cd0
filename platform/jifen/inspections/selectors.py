"""Reads of the food-seller slice for the public: only what the ruleset marks public."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import ExtractYear
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
