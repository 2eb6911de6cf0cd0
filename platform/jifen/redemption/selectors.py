"""Redeemable balances, computed from the ledger and the redemptions on read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

import rulesets
from jifen.ledger.models import Account
from jifen.ledger.selectors import counted_entries
from jifen.org.models import OrgUnit
from jifen.redemption.errors import RedemptionError
from jifen.redemption.models import ExchangeWindow, Redemption
from jifen.rulebook.selectors import Applicable, applicable_for, period_of
from jifen.subjects.models import Subject


@dataclass(frozen=True)
class RedeemableBalance:
    earned: Decimal
    spent: Decimal
    available: Decimal
    vetoed: bool
    reset: str
    period: rulesets.Period
    veto_item: str = ""  # what barred the shop, and when: told to the household
    veto_on: dt.date | None = None


def redemption_rule(subject: Subject, on: dt.date) -> tuple[Applicable, dict]:
    app = applicable_for(subject.scoring_unit, subject.kind, on)
    spec = app.document.get("redemption")
    if not spec:
        raise RedemptionError(
            _("the ruleset scoring %(subject)s has no points shop (no `redemption` section).")
            % {"subject": subject.name}
        )
    return app, spec


def redeemable_balance(
    *, subject: Subject, on: dt.date | None = None, rule: tuple[Applicable, dict] | None = None
) -> RedeemableBalance:
    """Points that count in the redeemable buckets, minus what was redeemed, over the
    current period (`reset: period_end`) or all periods (`reset: never`).

    `rule` is `redemption_rule(subject, on)` when the caller has it already."""
    on = on or timezone.localdate()
    app, spec = rule or redemption_rule(subject, on)
    period = period_of(app, on)
    ruleset = app.version.ruleset
    accounts = Account.objects.filter(subject=subject, ruleset=ruleset)
    spent_rows = Redemption.objects.filter(subject=subject, ruleset=ruleset).exclude(
        status=Redemption.Status.CANCELLED
    )
    if spec["reset"] == "period_end":
        accounts = accounts.filter(period_start=period.start)
        spent_rows = spent_rows.filter(period_start=period.start)
    buckets = set(spec["buckets"])
    entries = counted_entries(accounts=accounts)
    earned = sum(
        (Decimal(str(e.points)) for e in entries if e.bucket in buckets), Decimal(0)
    ).quantize(Decimal("0.01"))
    vetoes = [
        e
        for e in entries
        if e.veto == "bar_redemption" and period.start <= e.occurred_on <= period.end
    ]
    vetoed = bool(vetoes)
    spent = spent_rows.aggregate(total=Sum("points"))["total"] or Decimal(0)
    available = Decimal(0) if vetoed else max(Decimal(0), earned - spent)
    first = min(vetoes, key=lambda e: e.occurred_on) if vetoes else None
    return RedeemableBalance(
        earned,
        spent,
        available,
        vetoed,
        spec["reset"],
        period,
        veto_item=_item_name(app, first.item) if first else "",
        veto_on=first.occurred_on if first else None,
    )


def _item_name(app: Applicable, code: str) -> str:
    """An item's name in the ruleset (its code when it has none)."""
    for item in app.document.get("items", []):
        if item.get("code") == code:
            return item.get("title") or code
    return code


def exchange_open(*, unit: OrgUnit, on: dt.date) -> tuple[bool, ExchangeWindow | None]:
    """(open on `on`, the next window): a unit's shop with no windows (on it or above) is
    always open."""
    windows = ExchangeWindow.objects.filter(unit__path__in=unit.ancestor_paths())
    if not windows.exists():
        return True, None
    if windows.filter(opens_on__lte=on, closes_on__gte=on).exists():
        return True, None
    return False, windows.filter(opens_on__gt=on).order_by("opens_on").first()


@dataclass(frozen=True)
class Budget:
    """A shop unit's reward budget for a year (the ruleset's `redemption.budget`)."""

    unit: OrgUnit
    year: int
    subjects: int
    cap_yuan: Decimal
    spent_yuan: Decimal
    yuan_per_point: Decimal

    @property
    def remaining_yuan(self) -> Decimal:
        return max(Decimal(0), self.cap_yuan - self.spent_yuan)


def budget_of(
    *, unit: OrgUnit, spec: dict, year: int, kind: str, lock: bool = False
) -> Budget | None:
    """The year's budget of the shop of `unit`, or None when the ruleset sets no cap.

    The cap is `yuan_per_subject` × the subjects of `kind` (households, residents) under
    the unit; what counts as
    spent is every redemption from the unit's shop (and its sub-units') that was not
    cancelled, at `yuan_per_point`. `lock` serialises redemptions of one shop unit."""
    budget = spec.get("budget")
    if not budget:
        return None
    if lock:
        OrgUnit.objects.select_for_update().get(pk=unit.pk)
    per_subject = Decimal(str(budget["yuan_per_subject"]))
    per_point = Decimal(str(budget["yuan_per_point"]))
    subjects = Subject.objects.filter(home_unit__path__startswith=unit.path, kind=kind).count()
    spent_points = Redemption.objects.filter(
        item__unit__path__startswith=unit.path, redeemed_on__year=year
    ).exclude(status=Redemption.Status.CANCELLED).aggregate(total=Sum("points"))[
        "total"
    ] or Decimal(0)
    q = Decimal("0.01")
    return Budget(unit, year, subjects, (per_subject * subjects).quantize(q),
                  (spent_points * per_point).quantize(q), per_point)  # fmt: skip


def redemption_share(*, unit: OrgUnit, year: int, kind: str = "household") -> tuple[int, int]:
    """(subjects of `kind` under `unit` that redeemed in `year`, all of them): the
    demonstration-village criterion wants at least 30% of households."""
    subjects = Subject.objects.filter(home_unit__path__startswith=unit.path, kind=kind)
    redeemed = (
        Redemption.objects.filter(subject__in=subjects, redeemed_on__year=year)
        .exclude(status=Redemption.Status.CANCELLED)
        .values("subject")
        .distinct()
        .count()
    )
    return redeemed, subjects.count()


@dataclass(frozen=True)
class PassbookLine:
    on: dt.date
    kind: str  # entry | redemption
    text: str
    points: Decimal
    balance: Decimal


def passbook(*, subject: Subject, on: dt.date | None = None) -> list[PassbookLine]:
    """The passbook (行为银行存折): every counted entry in the redeemable buckets and every
    redemption not cancelled, oldest first, with the running balance; over the same span
    as `redeemable_balance`, so the last balance is what was earned minus what was spent."""
    on = on or timezone.localdate()
    app, spec = redemption_rule(subject, on)
    period = period_of(app, on)
    ruleset = app.version.ruleset
    accounts = Account.objects.filter(subject=subject, ruleset=ruleset)
    spent_rows = Redemption.objects.filter(subject=subject, ruleset=ruleset).exclude(
        status=Redemption.Status.CANCELLED
    )
    if spec["reset"] == "period_end":
        accounts = accounts.filter(period_start=period.start)
        spent_rows = spent_rows.filter(period_start=period.start)
    buckets = set(spec["buckets"])
    rows: list[tuple[dt.date, int, str, str, Decimal]] = [
        (e.occurred_on, 0, "entry", _item_name(app, e.item), Decimal(str(e.points)))
        for e in counted_entries(accounts=accounts)
        if e.bucket in buckets and e.points
    ]
    for r in spent_rows.select_related("item").order_by("redeemed_at", "pk"):
        day = r.redeemed_on or timezone.localdate(r.redeemed_at)
        rows.append((day, 1, "redemption", f"{r.item.name} ×{r.quantity}", -r.points))
    rows.sort(key=lambda row: (row[0], row[1]))
    lines, balance = [], Decimal(0)
    for day, _order, kind, text, points in rows:
        balance += points
        lines.append(PassbookLine(day, kind, text, points, balance.quantize(Decimal("0.01"))))
    return lines


def village_ranking(*, unit: OrgUnit, on: dt.date):
    """The households of `unit` ranked as a close on `on` would rank them: total, rank and
    stars (the ruleset's percentile stars, seed 004 第一篇) over the period so far.

    Redeeming never lowers it: it reads what counts in the ledger, not the shop's balance.
    """
    from jifen.school.selectors import class_span  # the one provisional scoring of a unit

    app = applicable_for(unit, "household", on)
    period = period_of(app, on, field="on")
    return class_span(unit=unit, start=period.start, end=on, kind="household")
