"""Reads of the ledger: balances as of a date, an account's entries, chain verification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Sum

from jifen.ledger.chain import CHAINED_FIELDS, GENESIS, entry_hash
from jifen.ledger.models import Account, Entry


@dataclass(frozen=True)
class Balance:
    account: Account
    as_of: date | None
    buckets: dict[str, Decimal]
    total: Decimal
    vetoes: tuple[str, ...]


def account_balance(*, account: Account, as_of: date | None = None) -> Balance:
    """Booked points per bucket (before period-close limits), counting events up to `as_of`."""
    entries = account.entries.all()
    if as_of is not None:
        entries = entries.filter(occurred_on__lte=as_of)
    rows = entries.exclude(bucket="").values("bucket").annotate(points=Sum("points"))
    buckets = {row["bucket"]: row["points"] for row in rows}
    # A veto counts while its entry stands: neither reversed nor itself a reversal.
    live_vetoes = entries.exclude(veto="").filter(reversed_by__isnull=True, reverses__isnull=True)
    vetoes = tuple(sorted(set(live_vetoes.values_list("veto", flat=True))))
    return Balance(account, as_of, buckets, sum(buckets.values(), Decimal(0)), vetoes)


def account_list(*, subject_ids=None, period_on: date | None = None) -> QuerySet:
    accounts = Account.objects.select_related("subject", "ruleset")
    if subject_ids is not None:
        accounts = accounts.filter(subject_id__in=subject_ids)
    if period_on is not None:
        accounts = accounts.filter(period_start__lte=period_on, period_end__gte=period_on)
    return accounts.order_by("subject_id", "period_start")


@dataclass(frozen=True)
class BrokenLink:
    account_id: int
    seq: int
    entry_id: int
    problem: str


def chain_verify(*, accounts: QuerySet | None = None) -> list[BrokenLink]:
    """Recompute every chain; report the first broken link of each broken account."""
    broken: list[BrokenLink] = []
    for account in (accounts if accounts is not None else Account.objects.all()).order_by("pk"):
        prev, expected_seq = GENESIS, 1
        last = None
        for entry in Entry.objects.filter(account=account).order_by("seq").iterator():
            problem = None
            if entry.seq != expected_seq:
                problem = f"sequence jumps from {expected_seq - 1} to {entry.seq}"
            elif entry.prev_hash != prev:
                problem = "prev_hash does not match the previous entry"
            elif entry.hash != entry_hash(prev, {n: getattr(entry, n) for n in CHAINED_FIELDS}):
                problem = "hash does not match the entry's content (altered?)"
            if problem:
                broken.append(BrokenLink(account.pk, entry.seq, entry.pk, problem))
                break
            prev, expected_seq, last = entry.hash, expected_seq + 1, entry
        else:
            if (last.seq if last else 0) != account.last_seq or prev != account.head_hash:
                broken.append(
                    BrokenLink(
                        account.pk,
                        account.last_seq,
                        last.pk if last else 0,
                        "the account's head does not match its last entry (entries removed?)",
                    )
                )
    return broken
