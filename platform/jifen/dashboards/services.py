"""Incremental recomputation of the unit dashboards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

import rulesets
from jifen.dashboards.models import UnitDashboard
from jifen.ledger.models import Account, Event
from jifen.ledger.selectors import entries_that_count
from jifen.org.models import OrgUnit
from jifen.procedure.models import Declaration, Objection, Step
from jifen.procedure.services import scored_subjects
from jifen.redemption.models import Redemption


def _year(on: dt.date) -> tuple[dt.date, dt.date]:
    # Dashboards show the calendar year; schemes with other periods read their results.
    return dt.date(on.year, 1, 1), dt.date(on.year, 12, 31)


def dashboard_figures(*, unit: OrgUnit, on: dt.date) -> dict:
    """A unit's figures for its subtree this calendar year (computed, not stored)."""
    start, end = _year(on)
    subjects = scored_subjects(unit)
    subject_ids = subjects.values("pk")
    in_subtree = Q(unit__path__startswith=unit.path)
    by_status = dict(
        Declaration.objects.filter(in_subtree, occurred_on__range=(start, end))
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    events = Event.objects.filter(subject__in=subject_ids, occurred_on__range=(start, end))
    counted = entries_that_count(
        accounts=Account.objects.filter(subject__in=subject_ids),
        span=rulesets.Period(start, end),
    ).aggregate(total=Sum("points"))["total"] or Decimal(0)
    redeemers = (
        Redemption.objects.filter(subject__in=subject_ids, redeemed_at__date__range=(start, end))
        .exclude(status=Redemption.Status.CANCELLED)
        .values("subject")
        .distinct()
        .count()
    )
    count = subjects.count()
    return {
        "as_of": on,
        "subjects": count,
        "declarations": by_status,
        "objections_open": Objection.objects.filter(
            handled_by__path__startswith=unit.path, status__in=["open", "escalated"]
        ).count(),
        "events": events.count(),
        "points_counted": counted,
        "redeemers": redeemers,
        "redeemer_share": Decimal(redeemers) / count if count else Decimal(0),
        "computed_at": timezone.now(),
    }


def dashboard_compute(*, unit: OrgUnit, on: dt.date) -> UnitDashboard:
    """Recompute and store a unit's figures (the periodic refresh does this)."""
    dashboard, _ = UnitDashboard.objects.update_or_create(
        unit=unit, defaults=dashboard_figures(unit=unit, on=on)
    )
    return dashboard


def _touched_units(since: dt.datetime) -> set[str]:
    """Paths of units where anything happened after `since`."""
    paths = set(
        Step.objects.filter(at__gt=since, declaration__isnull=False).values_list(
            "declaration__unit__path", flat=True
        )
    )
    for model, field in (
        (Event, "subject__home_unit__path"),
        (Event, "subject__host_unit__path"),
        (Redemption, "subject__home_unit__path"),
    ):
        stamp = "created_at" if model is Event else "redeemed_at"
        paths |= set(
            model.objects.filter(**{f"{stamp}__gt": since})
            .exclude(**{f"{field}__isnull": True})
            .values_list(field, flat=True)
        )
    # a cancelled redemption no longer counts among the redeemers
    paths |= set(
        Redemption.objects.filter(settled_at__gt=since).values_list(
            "subject__home_unit__path", flat=True
        )
    )
    return paths


def dashboards_refresh(*, on: dt.date) -> int:
    """Recompute the dashboards of units touched since the oldest computation, and of
    their superiors; units never computed are computed once. Idempotent."""
    last = (
        UnitDashboard.objects.order_by("computed_at").values_list("computed_at", flat=True).first()
    )
    new_year = UnitDashboard.objects.exclude(as_of__year=on.year).exists()
    if last is None or new_year:
        units = list(OrgUnit.objects.all())
    else:
        touched = _touched_units(last)
        step = OrgUnit.steplen
        ancestors = {p[: step * d] for p in touched for d in range(1, len(p) // step + 1)}
        units = list(OrgUnit.objects.filter(Q(path__in=ancestors) | Q(dashboard__isnull=True)))
    with transaction.atomic():
        for unit in units:
            dashboard_compute(unit=unit, on=on)
    return len(units)
