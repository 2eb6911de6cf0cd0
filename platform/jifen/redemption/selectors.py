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
from jifen.redemption.errors import RedemptionError
from jifen.redemption.models import Redemption
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
    spent_rows = Redemption.objects.filter(subject=subject, ruleset=ruleset)
    if spec["reset"] == "period_end":
        accounts = accounts.filter(period_start=period.start)
        spent_rows = spent_rows.filter(period_start=period.start)
    buckets = set(spec["buckets"])
    entries = counted_entries(accounts=accounts)
    earned = sum(
        (Decimal(str(e.points)) for e in entries if e.bucket in buckets), Decimal(0)
    ).quantize(Decimal("0.01"))
    vetoed = any(
        e.veto == "bar_redemption" and period.start <= e.occurred_on <= period.end for e in entries
    )
    spent = spent_rows.aggregate(total=Sum("points"))["total"] or Decimal(0)
    available = Decimal(0) if vetoed else max(Decimal(0), earned - spent)
    return RedeemableBalance(earned, spent, available, vetoed, spec["reset"], period)
