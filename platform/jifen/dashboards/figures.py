"""The figures behind a unit's charts: grades, points by bucket and category, months, late
units and the fairness view. Computed at refresh time (never per request) and stored as JSON
on the unit's dashboard; every id in them is a primary key the API turns into a global id.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncMonth

import rulesets
from jifen.ledger.models import Account
from jifen.ledger.selectors import entries_that_count
from jifen.org.models import OrgUnit
from jifen.procedure.models import (
    Board,
    BoardStatus,
    CloseStatus,
    Declaration,
    DeclarationStatus,
    Objection,
    ObjectionStatus,
    PeriodClose,
    PeriodResult,
)

# A declaration waiting longer than this for its preliminary review is late (the rulesets'
# review windows are 3–5 working days; a week of calendar days covers them all).
REVIEW_LATE_DAYS = 7
# A closed period not filed with the superior within two weeks is late.
FILING_LATE_DAYS = 14
# A branch with scored members and no declaration for a month has stopped declaring.
QUIET_DAYS = 30
# Lists are cut to keep one dashboard row small; counts stay exact.
LIST_LIMIT = 50
MEMBER_LIMIT = 500
# A spread needs this many scores before "all identical" means anything.
IDENTICAL_MIN = 3
# A recorder's deductions all against one person count as an outlier from this many on.
ONE_TARGET_MIN = 2


def _spread(values: list[float]) -> dict:
    """Five-number summary (min, quartiles, max) as the box plot draws it."""
    ordered = sorted(values)
    if len(ordered) == 1:
        q1 = med = q3 = ordered[0]
    else:
        q1, med, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    return {
        "n": len(ordered),
        "min": ordered[0],
        "q1": round(q1, 4),
        "median": round(med, 4),
        "q3": round(q3, 4),
        "max": ordered[-1],
        "identical": len(ordered) >= IDENTICAL_MIN and ordered[0] == ordered[-1],
    }


def _late_list(rows: dict[int, dict]) -> dict:
    ordered = sorted(rows.values(), key=lambda r: (-r["count"], r["name"]))
    return {"total": len(ordered), "units": ordered[:LIST_LIMIT]}


def _late(unit: OrgUnit, subjects, on: dt.date) -> dict:
    in_subtree = Q(unit__path__startswith=unit.path)
    names = dict(OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", "name"))

    def grouped(queryset, stamp: str) -> dict[int, dict]:
        return {
            row["unit"]: {
                "unit": row["unit"],
                "name": names.get(row["unit"], ""),
                "count": row["n"],
                "since": str(row["since"])[:10],
            }
            for row in queryset.values("unit").annotate(n=Count("pk"), since=Max(stamp))
        }

    review_cut = on - dt.timedelta(days=REVIEW_LATE_DAYS)
    reviews = grouped(
        Declaration.objects.filter(
            in_subtree, status=DeclarationStatus.SUBMITTED, declared_at__date__lt=review_cut
        ),
        "declared_at",
    )
    boards = grouped(
        Board.objects.filter(in_subtree, status=BoardStatus.OPEN, closes_on__lt=on), "closes_on"
    )
    filing_cut = on - dt.timedelta(days=FILING_LATE_DAYS)
    filing = grouped(
        PeriodClose.objects.filter(in_subtree).filter(
            Q(status=CloseStatus.CLOSED, closed_at__date__lt=filing_cut)
            | Q(status=CloseStatus.RETURNED)
        ),
        "closed_at",
    )
    # branches whose scored members declared nothing for a month
    homes = [host or home for home, host in subjects.values_list("home_unit", "host_unit")]
    scoring = set(homes)
    recent = set(
        Declaration.objects.filter(
            in_subtree, declared_at__date__gte=on - dt.timedelta(days=QUIET_DAYS)
        ).values_list("unit", flat=True)
    )
    last = dict(
        Declaration.objects.filter(unit__in=scoring - recent)
        .values("unit")
        .annotate(at=Max("declared_at"))
        .values_list("unit", "at")
    )
    members = Counter(homes)
    declarations = {
        pk: {
            "unit": pk,
            "name": names.get(pk, ""),
            "count": members[pk],
            "since": str(last[pk])[:10] if pk in last else "",
        }
        for pk in scoring - recent
        if pk in names
    }
    return {
        "reviews": _late_list(reviews),
        "boards": _late_list(boards),
        "filing": _late_list(filing),
        "declarations": _late_list(declarations),
    }


def _grades(unit: OrgUnit, subject_ids) -> dict[str, int]:
    """Each subject's grade in its latest closed period under the unit."""
    latest = (
        PeriodResult.objects.filter(
            close__unit__path__startswith=unit.path, subject__in=subject_ids
        )
        .exclude(grade="")
        .order_by("subject_id", "-close__period_end", "-close_id")
        .distinct("subject_id")
        .values_list("grade", flat=True)
    )
    return dict(Counter(latest))


def _months(unit: OrgUnit, start: dt.date, end: dt.date) -> list[dict]:
    in_subtree = Q(unit__path__startswith=unit.path)
    declared = dict(
        Declaration.objects.filter(in_subtree, declared_at__date__range=(start, end))
        .annotate(m=TruncMonth("declared_at"))
        .values("m")
        .annotate(n=Count("pk"))
        .values_list("m", "n")
    )
    reviewed = dict(
        Declaration.objects.filter(in_subtree, reviewed_at__date__range=(start, end))
        .annotate(m=TruncMonth("reviewed_at"))
        .values("m")
        .annotate(n=Count("pk"))
        .values_list("m", "n")
    )
    declared = {f"{k:%Y-%m}": v for k, v in declared.items()}
    reviewed = {f"{k:%Y-%m}": v for k, v in reviewed.items()}
    return [
        {
            "month": f"{start.year}-{m:02d}",
            "declared": declared.get(f"{start.year}-{m:02d}", 0),
            "reviewed": reviewed.get(f"{start.year}-{m:02d}", 0),
        }
        for m in range(1, 13)
    ]


def _recorders(counted) -> list[dict]:
    """Per recorder: deductions, how many people they hit, the share of the most hit one."""
    rows = (
        counted.filter(points__lt=0, event__recorded_by__isnull=False)
        .values("event__recorded_by", "event__recorded_by__username", "subject_id", "subject__name")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(
            "event__recorded_by", "event__recorded_by__username", "subject_id", "subject__name", "n"
        )
    )
    by_recorder: dict[int, dict] = {}
    for user_id, username, subject_id, subject_name, n in rows:
        row = by_recorder.setdefault(
            user_id, {"username": username, "deductions": 0, "targets": Counter(), "names": {}}
        )
        row["deductions"] += n
        row["targets"][subject_id] += n
        row["names"][subject_id] = subject_name
    from jifen.access.models import User

    names = {u.pk: u.get_full_name() or u.username for u in User.objects.filter(pk__in=by_recorder)}
    result = []
    for user_id, row in by_recorder.items():
        top, top_n = row["targets"].most_common(1)[0]
        result.append(
            {
                "username": row["username"],
                "name": names.get(user_id, row["username"]),
                "deductions": row["deductions"],
                "subjects": len(row["targets"]),
                "top_subject": top,
                "top_name": row["names"][top],
                "top_share": round(top_n / row["deductions"], 4),
                "outlier": len(row["targets"]) == 1 and row["deductions"] >= ONE_TARGET_MIN,
            }
        )
    result.sort(key=lambda r: (not r["outlier"], -r["deductions"], r["username"]))
    return result[:LIST_LIMIT]


def unit_figures(*, unit: OrgUnit, subjects, start: dt.date, end: dt.date, on: dt.date) -> dict:
    """The chart figures of a unit's subtree for the year [start, end] (see the module)."""
    subject_ids = subjects.values("pk")
    counted = entries_that_count(
        accounts=Account.objects.filter(subject__in=subject_ids), span=rulesets.Period(start, end)
    )
    buckets = {
        row["bucket"] or "": float(row["total"])
        for row in counted.values("bucket").annotate(total=Sum("points")).order_by("bucket")
    }
    totals = {
        row["subject_id"]: float(row["total"])
        for row in counted.values("subject_id").annotate(total=Sum("points")).order_by()
    }
    people = list(subjects.values_list("pk", "name", "category", "home_unit", "host_unit"))
    scores = {pk: totals.get(pk, 0.0) for pk, *_ in people}
    categories: dict[str, float] = defaultdict(float)
    by_category: dict[str, list[float]] = defaultdict(list)
    by_unit: dict[int, list[float]] = defaultdict(list)
    for pk, _name, category, home, host in people:
        categories[category] += scores[pk]
        by_category[category].append(scores[pk])
        by_unit[host or home].append(scores[pk])
    names = dict(OrgUnit.objects.filter(pk__in=by_unit).values_list("pk", "name"))
    branches = [{"unit": pk, "name": names[pk], **_spread(v)} for pk, v in by_unit.items()]
    # the identical ones first (the outliers to look at), then the widest spreads
    branches.sort(key=lambda b: (not b["identical"], -(b["max"] - b["min"]), b["name"]))
    members = sorted(
        (
            {"subject": pk, "name": name, "total": scores[pk]}
            for pk, name, _c, home, host in people
            if (host or home) == unit.pk
        ),
        key=lambda m: (-m["total"], m["name"]),
    )
    return {
        "grades": _grades(unit, subject_ids),
        "buckets": buckets,
        "categories": {k: round(v, 4) for k, v in sorted(categories.items())},
        "months": _months(unit, start, end),
        "late": _late(unit, subjects, on),
        "escalated": Objection.objects.filter(
            handled_by__path__startswith=unit.path, status=ObjectionStatus.ESCALATED
        ).count(),
        "fairness": {
            "branches": branches[: LIST_LIMIT * 4],
            "branches_total": len(branches),
            "categories": [{"category": k, **_spread(v)} for k, v in sorted(by_category.items())],
            "recorders": _recorders(counted),
        },
        "members": members[:MEMBER_LIMIT],
        "members_total": len(members),
    }
