"""Recomputing risk grades and generating inspection plans."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

import rulesets
from jifen.inspections.models import InspectionPlan, RiskGrade
from jifen.ledger.models import Account
from jifen.ledger.selectors import counted_entries
from jifen.ledger.services import contract_subject
from jifen.procedure.models import PeriodClose
from jifen.rulebook.errors import RulebookError
from jifen.rulebook.selectors import applicable_for, period_of
from jifen.subjects.models import Subject
from jifen.workdays import WorkingDays

MIN_INSPECTIONS = re.compile(r"^inspections_min_(\d+)$")


def risk_grades_recompute(*, subject_ids: Iterable[int], on: dt.date | None = None) -> int:
    """The grade each business has now, from this period's confirmed inspections so far."""
    on = on or timezone.localdate()
    count = 0
    for subject in Subject.objects.filter(pk__in=list(subject_ids), kind="business").select_related(
        "home_unit", "host_unit"
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
        RiskGrade.objects.update_or_create(
            subject=subject,
            period_start=period.start,
            defaults={
                "grade": result.grade or "",
                "total": None if result.total is None else Decimal(str(round(result.total, 4))),
                "flags": list(result.flags),
            },
        )
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


def inspection_plans_generate(*, close: PeriodClose) -> int:
    """From a closed year's grades, the next year's minimum inspections (idempotent).

    Three queries whatever the number of businesses; plans that exist are left alone."""
    year = close.period_end.year + 1
    wanted = {}
    rows = close.results.filter(subject__kind="business").values_list(
        "subject_id", "grade", "flags"
    )
    for subject_id, grade, flags in rows:
        required = max(
            (int(m.group(1)) for f in flags if (m := MIN_INSPECTIONS.match(f))), default=0
        )
        if required:
            wanted[subject_id] = (grade, required)
    if not wanted:
        return 0
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
    return len(missing)
