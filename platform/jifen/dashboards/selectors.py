"""A unit's dashboard figures, computed from the ledger's what-counts read (no writes)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

import rulesets
from jifen.dashboards.figures import unit_figures
from jifen.ledger.models import Account, Event
from jifen.ledger.selectors import entries_that_count
from jifen.org.models import OrgUnit
from jifen.procedure.models import Declaration, Objection
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
        "figures": unit_figures(unit=unit, subjects=subjects, start=start, end=end, on=on),
        "computed_at": timezone.now(),
    }


def dashboard_get(*, actor, unit: OrgUnit, on: dt.date):
    """The unit's stored dashboard, or its figures computed unsaved before a first refresh.

    `PermissionDenied` unless `actor` may read dashboards over the unit."""
    from jifen.dashboards.models import UnitDashboard
    from jifen.policy import Action, require

    require(actor, Action.READ_DASHBOARD, unit)
    existing = UnitDashboard.objects.filter(unit=unit).select_related("unit").first()
    if existing is None:  # reads never write
        existing = UnitDashboard(unit=unit, **dashboard_figures(unit=unit, on=on))
    return existing


def dashboard_children(
    *, actor, unit: OrgUnit, on: dt.date, search: str = "", offset: int = 0, limit: int = 20
) -> tuple[int, list]:
    """One page of the unit's direct sub-units (by name, optionally searched) with their
    dashboards; the count of all that match. `PermissionDenied` as `dashboard_get`."""
    from jifen.dashboards.models import UnitDashboard
    from jifen.policy import Action, require

    require(actor, Action.READ_DASHBOARD, unit)
    children = OrgUnit.objects.filter(
        path__startswith=unit.path, depth=unit.depth + 1, closed_at__isnull=True
    )
    if search:
        children = children.filter(Q(name__icontains=search) | Q(code__icontains=search))
    total = children.count()
    page = list(children.order_by("path")[offset : offset + limit])
    stored = {d.unit_id: d for d in UnitDashboard.objects.filter(unit__in=page)}
    return total, [
        stored.get(u.pk) or UnitDashboard(unit=u, **dashboard_figures(unit=u, on=on)) for u in page
    ]


def dashboard_trail(*, actor, unit: OrgUnit) -> list[OrgUnit]:
    """The unit's ancestors whose dashboards `actor` may read, top first."""
    from jifen.policy import Action, may

    step = OrgUnit.steplen
    prefixes = [unit.path[: step * d] for d in range(1, unit.depth)]
    ancestors = OrgUnit.objects.filter(path__in=prefixes).order_by("depth")
    return [a for a in ancestors if may(actor, Action.READ_DASHBOARD, a)]
