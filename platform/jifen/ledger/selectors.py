"""Reads of the ledger: what stands and what counts, balances, chain verification, replay.

What counts is defined once, in the `ledger_standing_entry` view (`StandingEntry`): booking
entries neither reversed nor reversals, `confirmed` when their event was booked without
review or has a confirmation entry. `counted_entries` is the read every slice uses for
scoring (period close, the points shop, food-seller grades, dashboards); nothing else
re-derives it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet

import rulesets
from jifen.ledger.chain import (
    CHAINED_FIELDS,
    GENESIS,
    digest_matches,
    entry_hash_matches,
)
from jifen.ledger.models import Account, Entry, Event, ImportJob, StandingEntry

CONTRACT_COLUMNS = (
    "subject_id", "event_id", "event_key", "occurred_on", "item", "bucket",
    "points", "raw_points", "rule", "group", "veto", "escalation",
)  # fmt: skip


def standing_entries(
    *, accounts: Iterable[Account] | QuerySet | None = None, span: rulesets.Period | None = None
) -> QuerySet:
    """Entries that stand (confirmed or still under review), in (account, seq) order."""
    rows = StandingEntry.objects.all()
    if accounts is not None:
        ids = accounts.values("pk") if isinstance(accounts, QuerySet) else [a.pk for a in accounts]
        rows = rows.filter(account_id__in=ids)
    if span is not None:
        rows = rows.filter(occurred_on__gte=span.start, occurred_on__lte=span.end)
    return rows.order_by("account_id", "seq")


def entries_that_count(
    *, accounts: Iterable[Account] | QuerySet | None = None, span: rulesets.Period | None = None
) -> QuerySet:
    """What counts: standing and confirmed (the QuerySet, for sums and counts in SQL)."""
    return standing_entries(accounts=accounts, span=span).filter(confirmed=True)


def _no_parallel_in_transaction() -> None:
    # Parallel workers are off inside a transaction: closes run side by side on few cores,
    # and starting workers for a 2,500-row read doubled its time (bench/rollover.py).
    if not connection.get_autocommit():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")


def _contract_entry(row: tuple) -> rulesets.LedgerEntry:
    subject, event_id, key, day, item, bucket, points, raw, rule, group, veto, esc = row
    return rulesets.LedgerEntry(
        str(subject),
        f"{event_id:012d}",
        key,
        day,
        item,
        bucket,
        float(points),
        float(raw),
        rule,
        group or None,
        veto or None,
        esc or None,
    )


def contract_entries(rows: QuerySet) -> list[rulesets.LedgerEntry]:
    """Rows of `standing_entries` / `entries_that_count` as the rules engine's entries.

    Read as plain tuples (no model instances): a unit's close reads thousands.
    """
    _no_parallel_in_transaction()
    return [_contract_entry(row) for row in rows.values_list(*CONTRACT_COLUMNS)]


def contract_entries_of(*, account_id: int) -> list[rulesets.LedgerEntry]:
    """The standing entries of one account as the engine's entries: the context of a
    single booking (one indexed read; no planner setting, as a close's reads need)."""
    with connection.cursor() as cursor:
        cursor.execute(_ONE_ACCOUNT_SQL, [account_id])
        return [_contract_entry(row) for row in cursor.fetchall()]


# Written out once: compiling the same ORM query was a fifth of a single booking's time.
_ONE_ACCOUNT_SQL = (
    "SELECT "  # noqa: S608 (column names from the model)
    + ", ".join(f'"{StandingEntry._meta.get_field(c).column}"' for c in CONTRACT_COLUMNS)
    + f" FROM {StandingEntry._meta.db_table} WHERE account_id = %s ORDER BY seq"
)


def contract_entries_by_account(rows: QuerySet) -> dict[int, list[rulesets.LedgerEntry]]:
    """`contract_entries` of many accounts in one query, per account id (in seq order):
    what a batch of bookings needs to build each event's context without a read per event."""
    _no_parallel_in_transaction()
    out: dict[int, list[rulesets.LedgerEntry]] = {}
    for account_id, *row in rows.values_list("account_id", *CONTRACT_COLUMNS):
        out.setdefault(account_id, []).append(_contract_entry(tuple(row)))
    return out


def counted_entries(
    *, accounts: Iterable[Account] | QuerySet, span: rulesets.Period | None = None
) -> list[rulesets.LedgerEntry]:
    """What counts in `accounts`, as the rules engine's entries: the input of scoring."""
    return contract_entries(entries_that_count(accounts=accounts, span=span))


@dataclass(frozen=True)
class Balance:
    account: Account
    as_of: date | None
    buckets: dict[str, Decimal]  # standing: booked and not reversed, confirmed or not
    total: Decimal
    counted: Decimal  # of the total, what counts already (confirmed)
    vetoes: tuple[str, ...]


def account_balance(
    *,
    account: Account,
    as_of: date | None = None,
    standing: Iterable[StandingEntry] | None = None,
) -> Balance:
    """Booked points per bucket (before period-close limits), counting events up to `as_of`.

    `standing` is the account's standing entries when the caller prefetched them (a list
    of accounts then costs one query); the sums are the same either way.
    """
    rows = list(standing) if standing is not None else list(standing_entries(accounts=[account]))
    if as_of is not None:
        rows = [r for r in rows if r.occurred_on <= as_of]
    buckets: dict[str, Decimal] = {}
    for row in rows:
        if row.bucket:
            buckets[row.bucket] = buckets.get(row.bucket, Decimal(0)) + row.points
    counted = sum((r.points for r in rows if r.confirmed), Decimal(0))
    vetoes = tuple(sorted({r.veto for r in rows if r.veto}))
    return Balance(account, as_of, buckets, sum(buckets.values(), Decimal(0)), counted, vetoes)


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


def _event_altered(event: Event | None, entry: Entry) -> str | None:
    if event is None or not entry.event_digest:
        return None  # an entry written before events were chained
    if event.digest != entry.event_digest:
        return f"event {event.key!r} has another digest than the one chained"
    if not digest_matches(event, event.digest):
        return f"event {event.key!r} was altered after it was booked"
    return None


def chain_verify(*, accounts: QuerySet | None = None) -> list[BrokenLink]:
    """Recompute every chain, events included; report the first broken link of each
    broken account."""
    broken: list[BrokenLink] = []
    for account in (accounts if accounts is not None else Account.objects.all()).order_by("pk"):
        prev, expected_seq = GENESIS, 1
        last = None
        entries = Entry.objects.filter(account=account).select_related("event").order_by("seq")
        for entry in entries.iterator(chunk_size=2000):
            problem = None
            fields = {n: getattr(entry, n) for n in (*CHAINED_FIELDS, "kind", "event_digest")}
            if entry.seq != expected_seq:
                problem = f"sequence jumps from {expected_seq - 1} to {entry.seq}"
            elif entry.prev_hash != prev:
                problem = "prev_hash does not match the previous entry"
            elif not entry_hash_matches(prev, fields, entry.hash):
                problem = "hash does not match the entry's content (altered?)"
            else:
                problem = _event_altered(entry.event, entry)
            if problem:
                broken.append(BrokenLink(account.pk, entry.seq, entry.pk, problem))
                break
            prev, expected_seq, last = entry.hash, expected_seq + 1, entry
        else:
            if (last.seq if last else 0) != account.last_seq or prev != account.head_hash:
                beyond = last is not None and last.seq > account.last_seq
                broken.append(
                    BrokenLink(
                        account.pk,
                        account.last_seq,
                        last.pk if last else 0,
                        "the account's head does not match its last entry "
                        + (
                            f"(#{account.last_seq + 1}–#{last.seq} appended without "
                            "moving it: forged?)"
                            if beyond
                            else "(entries removed?)"
                        ),
                    )
                )
    return broken


@dataclass(frozen=True)
class Replay:
    event: Event
    evaluation: rulesets.Evaluation | None
    differences: tuple[str, ...]

    @property
    def same(self) -> bool:
        return not self.differences


def contract_event(event: Event) -> rulesets.Event:
    """A booked event as the rules engine takes it (id as the entries name it)."""
    return rulesets.Event(
        id=f"{event.pk:012d}",
        subject=str(event.subject_id),
        item=event.item,
        occurred_on=event.occurred_on,
        attributes=rulesets.contracts.frozen_map(dict(event.attributes)),
        idempotency_key=event.key,
        quantity=float(event.quantity),
    )


def event_replay(*, event: Event) -> Replay:
    """Evaluate a booked event again from what it stored (its version and the context the
    engine saw) and compare the effects with its entries."""
    from jifen.rulebook.selectors import effective

    if not event.context:
        return Replay(event, None, ("the event was booked before contexts were stored",))
    app = effective(event.ruleset_version, event.occurred_on)
    differences = []
    if str(app.key) != event.version_key:
        differences.append(f"the version is now {app.key}, the event ran on {event.version_key}")
    context = rulesets.EvaluationContext.from_json(event.context)
    evaluation = app.engine().evaluate(contract_event(event), context)
    booked = [
        (e.bucket, Decimal(str(e.points)).quantize(Decimal("0.0001")), e.rule, e.veto or "")
        for e in event.entries.filter(kind="booking", reverses__isnull=True).order_by("seq")
    ]
    again = [
        (e.bucket, Decimal(str(e.points)).quantize(Decimal("0.0001")), e.rule, e.veto or "")
        for e in evaluation.effects
    ]
    if booked != again:
        differences.append(f"booked {booked}, evaluated again {again}")
    if evaluation.explanation != event.explanation:
        differences.append("the explanation differs")
    return Replay(event, evaluation, tuple(differences))


def events_booked_since(*, rulesets: Iterable, since: date) -> QuerySet:
    """Events of `rulesets` dated `since` or later in open periods whose entries still
    stand: what a version published retroactively from `since` would evaluate again."""
    standing = StandingEntry.objects.filter(
        account__ruleset__in=rulesets, occurred_on__gte=since, account__closed_at__isnull=True
    ).values("event_id")
    return (
        Event.objects.filter(pk__in=standing, superseded_by__isnull=True)
        .select_related("subject", "account")
        .order_by("occurred_on", "pk")
    )


def accounts_closed_since(*, rulesets: Iterable, since: date) -> QuerySet:
    """Closed accounts of `rulesets` whose period reaches `since` or later."""
    return Account.objects.filter(
        ruleset__in=rulesets, period_end__gte=since, closed_at__isnull=False
    ).order_by("period_start")


def import_job_of(*, user, pk: int) -> ImportJob | None:
    """An import job, to the user who started it only."""
    if not getattr(user, "is_authenticated", False):
        return None
    return ImportJob.objects.filter(pk=pk, created_by=user).first()
