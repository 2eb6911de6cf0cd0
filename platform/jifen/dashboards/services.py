"""Incremental recomputation of the unit dashboards."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q

from jifen.dashboards.models import UnitDashboard
from jifen.dashboards.selectors import dashboard_figures
from jifen.ledger.models import Event
from jifen.org.models import OrgUnit
from jifen.procedure.models import Step
from jifen.redemption.models import Redemption


def dashboard_compute(*, unit: OrgUnit, on: dt.date) -> UnitDashboard:
    """Recompute and store a unit's figures (the periodic refresh does this)."""
    dashboard, _ = UnitDashboard.objects.update_or_create(
        unit=unit, defaults=dashboard_figures(unit=unit, on=on)
    )
    return dashboard


def _touched_units(since: dt.datetime) -> set[str]:
    """Paths of units where anything happened after `since`."""
    steps = Step.objects.filter(at__gt=since)
    paths = set()
    # declarations, boards and closes feed the late units and the monthly trends
    for field in ("declaration__unit__path", "board__unit__path", "close__unit__path"):
        paths |= set(steps.exclude(**{f"{field}__isnull": True}).values_list(field, flat=True))
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
