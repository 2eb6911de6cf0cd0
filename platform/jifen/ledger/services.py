"""Writes to the ledger: record events (one or thousands), reverse entries.

Every write happens in one transaction under the account row's lock: an event and all its
entries land together or not at all, the chain never forks, and the same idempotency key
never counts twice, also across concurrent imports (the unique key index decides).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

import rulesets
from jifen.ledger.chain import CHAINED_FIELDS, entry_hash
from jifen.ledger.errors import IdempotencyConflict, LedgerError, PeriodClosed
from jifen.ledger.models import Account, Entry, Event
from jifen.ledger.signals import events_recorded
from jifen.rulebook.errors import RulebookError
from jifen.rulebook.selectors import Applicable, applicable_for
from jifen.subjects.models import Subject
from rulesets.context import build_context
from rulesets.periods import period_containing

FOUR = Decimal("0.0001")


@dataclass(frozen=True)
class EventInput:
    """One fact to record. `key` identifies the real-world fact (retries reuse it)."""

    key: str
    subject_id: int
    item: str
    occurred_on: date
    attributes: Mapping[str, Any] = field(default_factory=dict)
    quantity: float = 1


@dataclass(frozen=True)
class Recorded:
    event: Event
    entries: tuple[Entry, ...]
    created: bool


@dataclass(frozen=True)
class BulkRecorded:
    created: int
    duplicates: int
    results: tuple[Recorded, ...]


def _quantize(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(FOUR)


def payload_hash(data: EventInput) -> str:
    body = {
        "subject": data.subject_id,
        "item": data.item,
        "occurred_on": data.occurred_on.isoformat(),
        "attributes": dict(data.attributes),
        "quantity": str(_quantize(data.quantity)),
    }
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def account_for_update(*, subject: Subject, app: Applicable, on: date) -> Account:
    """The subject's account for the period containing `on`, created if needed, locked."""
    period = period_containing(app.document, on)
    account, _ = Account.objects.get_or_create(
        subject=subject,
        ruleset=app.version.ruleset,
        period_start=period.start,
        defaults={"period_end": period.end},
    )
    return Account.objects.select_for_update().get(pk=account.pk)


def contract_entry(entry: Entry, subject_id: int, key: str) -> rulesets.LedgerEntry:
    return rulesets.LedgerEntry(
        subject=str(subject_id),
        event_id=f"{entry.event_id or 0:012d}",
        idempotency_key=key,
        occurred_on=entry.occurred_on,
        item=entry.item,
        bucket=entry.bucket,
        points=float(entry.points),
        raw_points=float(entry.raw_points),
        rule=entry.rule,
        group=entry.group or None,
        veto=entry.veto or None,
        escalation=entry.escalation or None,
    )


def live_entries(account: Account) -> list[Entry]:
    """Entries that still count: neither reversed nor reversals."""
    return list(
        account.entries.filter(reverses__isnull=True, reversed_by__isnull=True)
        .select_related("event")
        .order_by("seq")
    )


def contract_subject(subject: Subject) -> rulesets.Subject:
    return rulesets.Subject(
        id=str(subject.pk),
        category=subject.category or "default",
        attributes=rulesets.contracts.frozen_map(subject.attributes),
        joined_on=subject.joined_on,
        exempt=subject.is_exempt,
    )


def append_entry(account: Account, **fields: Any) -> Entry:
    """Append one entry to a locked account's chain."""
    entry = Entry(account=account, seq=account.last_seq + 1, created_at=timezone.now(), **fields)
    entry.points = _quantize(entry.points)
    entry.raw_points = _quantize(entry.raw_points)
    entry.prev_hash = account.head_hash
    entry.hash = entry_hash(
        account.head_hash, {name: getattr(entry, name) for name in CHAINED_FIELDS}
    )
    entry.save(force_insert=True)
    account.last_seq = entry.seq
    account.head_hash = entry.hash
    account.save(update_fields=["last_seq", "head_hash"])
    return entry


def _record(data: EventInput, *, user, source: str) -> Recorded:
    if not data.key or len(data.key) > 200:
        raise LedgerError("every event needs an idempotency key of 1–200 characters.")
    subject = (
        Subject.objects.select_related("home_unit", "host_unit").filter(pk=data.subject_id).first()
    )
    if subject is None:
        raise LedgerError(f"subject {data.subject_id} does not exist in this tenant.")
    unit = subject.host_unit or subject.home_unit
    try:
        app = applicable_for(unit, subject.kind, data.occurred_on)
    except RulebookError as exc:
        raise LedgerError(str(exc)) from exc
    account = account_for_update(subject=subject, app=app, on=data.occurred_on)
    if account.closed_at is not None:
        raise PeriodClosed(
            f"the period {account.period_start}…{account.period_end} of {subject} is closed; "
            "record a correction in the open period instead."
        )
    digest = payload_hash(data)
    try:
        with transaction.atomic():
            event = Event.objects.create(
                key=data.key,
                subject=subject,
                account=account,
                item=data.item,
                occurred_on=data.occurred_on,
                attributes=dict(data.attributes),
                quantity=_quantize(data.quantity),
                source=source,
                recorded_by=user if getattr(user, "pk", None) else None,
                ruleset_version=app.version,
                payload_hash=digest,
            )
    except IntegrityError:
        existing = Event.objects.get(key=data.key)
        if existing.payload_hash != digest:
            raise IdempotencyConflict(
                f"idempotency key {data.key!r} was already used for a different event "
                f"({existing.item} of subject {existing.subject_id} on {existing.occurred_on}); "
                "use a new key for a new fact."
            ) from None
        return Recorded(existing, tuple(existing.entries.order_by("seq")), created=False)

    prior = [contract_entry(e, subject.pk, e.event.key) for e in live_entries(account)]
    contract_event = rulesets.Event(
        id=f"{event.pk:012d}",
        subject=str(subject.pk),
        item=data.item,
        occurred_on=data.occurred_on,
        attributes=rulesets.contracts.frozen_map(dict(data.attributes)),
        idempotency_key=data.key,
        quantity=float(data.quantity),
    )
    period = rulesets.Period(account.period_start, account.period_end)
    context = build_context(app.document, contract_subject(subject), period, contract_event, prior)
    try:
        evaluation = app.engine().evaluate(contract_event, context)
    except rulesets.RulesetError as exc:
        raise LedgerError(f"event {data.key!r}: {exc}") from exc
    event.explanation = evaluation.explanation
    event.save(update_fields=["explanation"])
    entries = tuple(
        append_entry(
            account,
            event=event,
            occurred_on=data.occurred_on,
            item=effect.item,
            bucket=effect.bucket,
            points=effect.points,
            raw_points=effect.raw_points,
            rule=effect.rule,
            ruleset_version=str(app.key),
            group=effect.group or "",
            veto=effect.veto or "",
            escalation=effect.escalation or "",
        )
        for effect in evaluation.effects
    )
    return Recorded(event, entries, created=True)


def event_record(*, data: EventInput, user=None, source: str = "api") -> Recorded:
    """Evaluate one event with the version in force on its date and book its entries."""
    with transaction.atomic():
        result = _record(data, user=user, source=source)
        if result.created:
            _announce([result])
    _count_written(len(result.entries))
    return result


def events_record_bulk(
    *, items: Sequence[EventInput], user=None, source: str = "import"
) -> BulkRecorded:
    """Record many events in one transaction: all of them, or none with the failing line.

    Events are taken in (subject, key) order so that concurrent imports lock accounts in
    the same order and cannot deadlock.
    """
    order = sorted(range(len(items)), key=lambda i: (items[i].subject_id, items[i].key))
    results: list[Recorded | None] = [None] * len(items)
    with transaction.atomic():
        for index in order:
            try:
                results[index] = _record(items[index], user=user, source=source)
            except LedgerError as exc:
                raise LedgerError(f"line {index + 1} (key {items[index].key!r}): {exc}") from exc
        _announce([r for r in results if r is not None and r.created])
    done = tuple(r for r in results if r is not None)
    created = sum(1 for r in done if r.created)
    _count_written(sum(len(r.entries) for r in done if r.created))
    return BulkRecorded(created=created, duplicates=len(done) - created, results=done)


def entry_reverse(*, entry: Entry, reason: str, user) -> Entry:
    """Cancel an entry by appending its negation; the original stays as it was."""
    if not reason.strip():
        raise LedgerError("a correction needs a reason; it is shown in the entry's history.")
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=entry.account_id)
        if account.closed_at is not None:
            raise PeriodClosed(f"the period of entry #{entry.seq} is closed.")
        if Entry.objects.filter(reverses=entry).exists():
            raise LedgerError(f"entry #{entry.seq} is already reversed.")
        if entry.reverses_id is not None:
            raise LedgerError("a reversing entry cannot itself be reversed; record a new event.")
        reversal = append_entry(
            account,
            event=entry.event,
            occurred_on=entry.occurred_on,
            item=entry.item,
            bucket=entry.bucket,
            points=-entry.points,
            raw_points=-entry.raw_points,
            rule=f"reversal of #{entry.seq}",
            ruleset_version=entry.ruleset_version,
            group=entry.group,
            veto=entry.veto,
            escalation=entry.escalation,
            reverses=entry,
            reason=reason,
            decided_by=user,
        )
    _count_written(1)
    return reversal


def _announce(results: list[Recorded]) -> None:
    if results:
        events_recorded.send(
            sender=Event,
            subject_ids={r.event.subject_id for r in results},
            kinds={r.event.subject.kind for r in results},
        )


def _count_written(count: int) -> None:
    if not count:
        return
    from django.db import connection

    from jifen.metrics import ledger_entries_written

    ledger_entries_written(connection.schema_name, count)
