"""Recomputing risk grades and generating inspection plans."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import rulesets
from jifen.inspections.models import (
    GradeAppeal,
    GradeChange,
    GradeReason,
    Inspection,
    InspectionPlan,
    RiskGrade,
)
from jifen.ledger.models import Account
from jifen.ledger.selectors import counted_entries
from jifen.ledger.services import contract_subject
from jifen.procedure.models import PeriodClose
from jifen.rulebook.errors import RulebookError
from jifen.rulebook.selectors import applicable_for, period_of
from jifen.subjects.models import Subject
from jifen.workdays import WorkingDays

# the template's adjustments for a seller not scored on site yet (new licence B, stall C)
DEFAULT_FLAGS = frozenset({"adjusted:new_licensed_b", "adjusted:small_shop_c"})
MIN_INSPECTIONS = re.compile(r"^inspections_min_(\d+)$")


def _notify_change(subject: Subject, change: GradeChange) -> None:
    """A grade change reaches the business's own users (the seller's login)."""
    if subject.user_id is None:
        return
    from jifen.notifications.services import notify

    notify(
        recipients=[subject.user],
        kind="grade_changed",
        title=_("Risk grade of %(name)s: %(old)s → %(new)s")
        % {"name": subject.name, "old": change.from_grade or "—", "new": change.to_grade},
        body=str(GradeReason(change.reason).label),
        dedupe_key=f"grade_change:{change.pk}",
    )


def risk_grades_recompute(
    *,
    subject_ids: Iterable[int],
    on: dt.date | None = None,
    reason: str = GradeReason.RECOMPUTED,
    inspection: Inspection | None = None,
    appeal: GradeAppeal | None = None,
) -> int:
    """The grade each business has now, from this period's confirmed inspections so far.

    A changed grade is a `GradeChange` (the timeline, with `reason`) and a notification to
    the business. An upheld appeal's grade stays while the facts still give the grade it
    contested; a new fact that changes the computed grade ends it. Idempotent."""
    on = on or timezone.localdate()
    count = 0
    for subject in Subject.objects.filter(pk__in=list(subject_ids), kind="business").select_related(
        "home_unit", "host_unit", "user"
    ):
        try:
            app = applicable_for(subject.scoring_unit, subject.kind, on)
        except RulebookError:
            continue
        period = period_of(app, on)
        accounts = Account.objects.filter(
            subject=subject, ruleset=app.version.ruleset, period_start=period.start
        )
        [result] = rulesets.score_period(
            app.document,
            [contract_subject(subject)],
            counted_entries(accounts=accounts),
            period,
            engine=app.engine(),
        )
        computed = result.grade or ""
        with transaction.atomic():
            current = (
                RiskGrade.objects.select_for_update()
                .filter(subject=subject, period_start=period.start)
                .first()
            )
            if current is None:
                # the yearly adjustment: last year's closing grade is this year's first grade
                before = (
                    RiskGrade.objects.filter(subject=subject, period_start__lt=period.start)
                    .order_by("-period_start")
                    .first()
                )
                current = RiskGrade(subject=subject, period_start=period.start)
                shown_before = before.grade if before else ""
            else:
                shown_before = current.grade
            shown = computed
            unscored = bool(DEFAULT_FLAGS & set(result.flags))
            if current.carried_grade and unscored:
                shown = current.carried_grade
            if current.override_grade and computed == current.override_from:
                shown = current.override_grade
            elif current.override_grade:
                current.override_grade = current.override_from = ""
            current.grade = shown
            current.total = None if result.total is None else Decimal(str(round(result.total, 4)))
            current.flags = list(result.flags)
            current.save()
            if shown != shown_before:
                change = GradeChange.objects.create(
                    subject=subject,
                    period_start=period.start,
                    from_grade=shown_before,
                    to_grade=shown,
                    total=current.total,
                    reason=reason,
                    flags=current.flags,
                    inspection=inspection,
                    appeal=appeal,
                )
                _notify_change(subject, change)
        count += 1
    return count


def _spread(year: int, count: int) -> list[str]:
    """`count` dates spread evenly over the year, each moved to the next working day."""
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    # the one calendar (jifen.workdays): a year not entered yet counts Monday to Friday
    calendar = WorkingDays(start, dt.date(year + 1, 1, 31))
    dates = []
    for i in range(count):
        day = start + dt.timedelta(days=int((i + 0.5) * days / count))
        for _attempt in range(14):
            if calendar.working(day)[0]:
                break
            day += dt.timedelta(days=1)
        dates.append(day.isoformat())
    return dates


def _station_inspectors(unit_ids: Iterable[int]) -> dict[int, list]:
    """Per unit, the inspectors who hold the role there or above (nearest first)."""
    from jifen.org.models import OrgUnit, Role, RoleAssignment

    out = {}
    assignments = list(
        RoleAssignment.objects.filter(role=Role.INSPECTOR, user__is_active=True)
        .select_related("user", "unit")
        .order_by("user__username")
    )
    for unit in OrgUnit.objects.filter(pk__in=list(unit_ids)):
        held = [a for a in assignments if unit.path.startswith(a.unit.path)]
        held.sort(key=lambda a: -len(a.unit.path))
        nearest = (
            [a.user for a in held if len(a.unit.path) == len(held[0].unit.path)] if held else []
        )
        out[unit.pk] = nearest
    return out


def risk_grades_year_adjust(*, close: PeriodClose) -> int:
    """The yearly adjustment (l.497–521): a closed year's grades (raised, lowered, school D
    as the ruleset adjusted them) become next year's grades, each a step of the timeline."""
    year_start = dt.date(close.period_end.year + 1, 1, 1)
    changed = 0
    rows = close.results.filter(subject__kind="business").select_related("subject__user")
    for row in rows:
        if not row.grade:
            continue
        with transaction.atomic():
            _grade, created = RiskGrade.objects.select_for_update().get_or_create(
                subject=row.subject,
                period_start=year_start,
                defaults={"grade": row.grade, "carried_grade": row.grade, "flags": row.flags},
            )
            if not created:
                changed += _carried_again(_grade, row)
                continue
            before = (
                RiskGrade.objects.filter(subject=row.subject, period_start__lt=year_start)
                .order_by("-period_start")
                .first()
            )
            if before is None or before.grade != row.grade:
                change = GradeChange.objects.create(
                    subject=row.subject, period_start=year_start,
                    from_grade=before.grade if before else "", to_grade=row.grade,
                    total=row.total, reason=GradeReason.YEARLY, flags=list(row.flags),
                )  # fmt: skip
                _notify_change(row.subject, change)
                changed += 1
    return changed


def _carried_again(grade: RiskGrade, row) -> int:
    """The year was closed again (an upheld objection to its results, a returned filing):
    the carried grade follows the new result, and so does the grade shown while no
    inspection of the new year has replaced it. 1 if the shown grade changed."""
    if grade.carried_grade == row.grade:
        return 0
    shown_before = grade.grade
    still_carried = grade.grade == grade.carried_grade
    grade.carried_grade = row.grade
    if still_carried:
        grade.grade = row.grade
        grade.flags = list(row.flags)
    grade.save()
    if grade.grade == shown_before:
        return 0
    change = GradeChange.objects.create(
        subject=row.subject, period_start=grade.period_start, from_grade=shown_before,
        to_grade=grade.grade, total=row.total, reason=GradeReason.YEARLY, flags=list(row.flags),
    )  # fmt: skip
    _notify_change(row.subject, change)
    return 1


def inspection_plans_generate(*, close: PeriodClose) -> int:
    """From a closed year's grades, the next year's minimum inspections (idempotent): dated
    on working days of the holiday calendar, each assigned to an inspector of the
    business's station in turn.

    A few queries whatever the number of businesses; plans that exist are left alone."""
    from jifen.inspections.models import PlannedInspection

    year = close.period_end.year + 1
    wanted = {}
    rows = close.results.filter(subject__kind="business").values_list(
        "subject_id", "grade", "flags", "subject__home_unit_id", "subject__host_unit_id"
    )
    units = {}
    for subject_id, grade, flags, home, host in rows:
        required = max(
            (int(m.group(1)) for f in flags if (m := MIN_INSPECTIONS.match(f))), default=0
        )
        if required:
            wanted[subject_id] = (grade, required)
            units[subject_id] = host or home
    if not wanted:
        return 0
    inspectors = _station_inspectors(set(units.values()))
    turn: dict[int, int] = {}
    with transaction.atomic():
        planned = set(
            InspectionPlan.objects.filter(subject_id__in=list(wanted), year=year).values_list(
                "subject_id", flat=True
            )
        )
        missing = [
            InspectionPlan(
                subject_id=subject_id,
                year=year,
                grade=grade,
                required=required,
                planned_on=_spread(year, required),
            )
            for subject_id, (grade, required) in wanted.items()
            if subject_id not in planned
        ]
        # ignore_conflicts: a concurrent run of the same close may insert a plan first
        InspectionPlan.objects.bulk_create(missing, ignore_conflicts=True)
        created = InspectionPlan.objects.filter(
            subject_id__in=[p.subject_id for p in missing], year=year, visits__isnull=True
        )
        visits = []
        for plan in created:
            unit = units[plan.subject_id]
            people = inspectors.get(unit) or [None]
            for seq, day in enumerate(plan.planned_on, start=1):
                index = turn.get(unit, 0)
                turn[unit] = index + 1
                visits.append(
                    PlannedInspection(
                        plan=plan, seq=seq, due_on=dt.date.fromisoformat(day),
                        inspector=people[index % len(people)],
                    )
                )  # fmt: skip
        PlannedInspection.objects.bulk_create(visits, ignore_conflicts=True)
    return len(missing)
