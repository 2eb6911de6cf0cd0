"""Writes to the ledger: record events (one or thousands), confirm them, reverse entries,
close accounts.

Every write happens in one transaction under the account row's lock: an event and all its
entries land together or not at all, the chain never forks, and the same idempotency key
never counts twice, also across concurrent imports (the unique key index decides). An
event is evaluated before it is written and written once, complete: its context, its
explanation and its digest never change afterwards (PostgreSQL refuses UPDATE).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

import rulesets
from jifen import idempotency, policy
from jifen.audit.services import audit_record
from jifen.errors import DomainError, FieldProblem
from jifen.i18n import in_language
from jifen.ledger.chain import CHAINED_FIELDS, entry_hash
from jifen.ledger.errors import InvalidEvent, LedgerError, PeriodClosed, UnknownSubject
from jifen.ledger.models import Account, Entry, EntryKind, Event, ImportJob, Source
from jifen.ledger.selectors import contract_entries_of, standing_entries
from jifen.ledger.signals import events_recorded
from jifen.policy import Action
from jifen.rulebook.selectors import Applicable, applicable_for, period_of
from jifen.subjects.models import Subject
from rulesets.context import build_context

FOUR = Decimal("0.0001")


@dataclass(frozen=True)
class EventInput:
    """One fact to record. `key` identifies the real-world fact (retries reuse it)."""

    key: str
    subject_id: int
    item: str
    occurred_on: dt.date
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
    lines: tuple[Any, ...] = ()  # batch._Line per input line

    @cached_property
    def results(self) -> tuple[Recorded, ...]:
        """Per input line, what it booked or the earlier booking it repeats (the model
        instances are built on first access: an import of 20,000 rarely needs them)."""
        return tuple(Recorded(*line.booked(), created=line.created) for line in self.lines)


def _quantize(value: float | Decimal) -> Decimal:
    """The value exactly as its numeric(…, 4) column will hold it, so that what is hashed is
    what is stored (half away from zero as PostgreSQL rounds; 0, never −0)."""
    stored = Decimal(str(value)).quantize(FOUR, rounding=ROUND_HALF_UP)
    return stored if stored != 0 else Decimal("0.0000")


def payload_hash(data: EventInput) -> str:
    """What the event says (a retry with the same key must say the same)."""
    return idempotency.digest(
        {
            "subject": data.subject_id,
            "item": data.item,
            "occurred_on": data.occurred_on.isoformat(),
            "attributes": dict(data.attributes),
            "quantity": str(_quantize(data.quantity)),
        }
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
        account.head_hash,
        {name: getattr(entry, name) for name in (*CHAINED_FIELDS, "kind", "event_digest")},
    )
    entry.save(force_insert=True)
    account.last_seq = entry.seq
    account.head_hash = entry.hash
    account.save(update_fields=["last_seq", "head_hash"])
    return entry


def problems_text(problems) -> str:
    """Every problem of an event, `path: message`, as one message in the active language."""
    return pgettext("between problems", "; ").join(
        _("%(field)s: %(problem)s") % {"field": p.path, "problem": p.message} for p in problems
    )


def _no_subject(subject_id) -> str:
    return _("subject %(id)s does not exist in this tenant.") % {"id": subject_id}


def check_event(
    app: Applicable, item_code: str, attributes: Any, quantity: float, category: str = ""
) -> None:
    """The door: the item exists in the version in force, is for the subject's category,
    and the attributes and quantity fit it.

    Raises `InvalidEvent` with one problem per field (`item`, `attributes.<name>`,
    `quantity`), so a client can show each at its field.
    """
    item = next((i for i in app.document.get("items", []) if i["code"] == item_code), None)
    if item is None:
        known = ", ".join(i["code"] for i in app.document.get("items", []))
        raise InvalidEvent(
            _("item %(item)s is not in ruleset %(ruleset)s %(version)s; known items: %(known)s.")
            % {
                "item": repr(item_code),
                "ruleset": app.key.ruleset,
                "version": app.key.version,
                "known": known,
            },
            field="item",
        )
    allowed = app.engine().categories_of(item_code)
    if category and allowed is not None and category not in allowed:
        raise InvalidEvent(
            _("item %(item)s is for %(categories)s, not for category %(category)s.")
            % {
                "item": repr(item_code),
                "categories": ", ".join(allowed),
                "category": repr(category),
            },
            field="item",
        )
    problems = rulesets.attribute_problems(app.document, item, attributes)
    if problems:
        raise InvalidEvent(
            problems_text(problems),
            field=problems[0].path,
            problems=[FieldProblem(p.path, p.message) for p in problems],
        )
    amount = float(quantity) if isinstance(quantity, Decimal) else quantity
    wrong = rulesets.attributes.quantity_problem(item, amount)
    if wrong:
        raise InvalidEvent(wrong, field="quantity")


_LOCK_SQL = (
    # The account row locked, the event's id drawn and an earlier event with the key, in
    # one round trip. The key's read may predate a concurrent booking that held the lock;
    # the insert's ON CONFLICT catches that one.
    "SELECT a.id, a.subject_id, a.ruleset_id, a.period_start, a.period_end, a.last_seq,"
    " a.head_hash, a.closed_at, nextval(pg_get_serial_sequence('ledger_event', 'id')),"
    " e.id, e.payload_hash"
    " FROM ledger_account a LEFT JOIN ledger_event e ON e.key = %s"
    " WHERE a.subject_id = %s AND a.ruleset_id = %s AND a.period_start = %s"
    " FOR UPDATE OF a"
)
_ACCOUNT_FIELDS = (
    "id", "subject_id", "ruleset_id", "period_start", "period_end", "last_seq", "head_hash",
    "closed_at",
)  # fmt: skip


def _lock_for_booking(
    subject: Subject, app: Applicable, period: rulesets.Period, key: str
) -> tuple[Account, int, tuple[int, str] | None]:
    """(the account, locked; the new event's id; (id, payload hash) of an earlier event
    with `key` or None), creating the account on the period's first booking."""
    params = [key, subject.pk, app.version.ruleset_id, period.start]
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_SQL, params)
        row = cursor.fetchone()
        if row is None:
            cursor.execute(
                "INSERT INTO ledger_account (subject_id, ruleset_id, period_start, period_end,"
                " last_seq, head_hash) VALUES (%s, %s, %s, %s, 0, '')"
                " ON CONFLICT (subject_id, ruleset_id, period_start) DO NOTHING",
                [subject.pk, app.version.ruleset_id, period.start, period.end],
            )
            cursor.execute(_LOCK_SQL, params)
            row = cursor.fetchone()
    account = Account.from_db(connection.alias, _ACCOUNT_FIELDS, row[:8])
    account._state.fields_cache["subject"] = subject
    return account, row[8], (row[9], row[10]) if row[9] is not None else None


@functools.cache
def _booking_sql(entries: int) -> str:
    """The one statement that writes a booking of `entries` entries: the event (unless a
    concurrent booking committed its key: ON CONFLICT), its entries and the account's new
    head, each typed from the model's columns (the names and types are the models')."""
    from jifen.ledger.batch import ENTRY_COLUMNS, EVENT_COLUMNS

    def typed(model, columns) -> str:
        types = {f.column: f.db_type(connection) for f in model._meta.concrete_fields}
        return "(" + ", ".join(f"%s::{types[c]}" for c in columns) + ")"

    def names(columns) -> str:
        return ", ".join(f'"{c}"' for c in columns)

    sql = (
        f"WITH ev AS (INSERT INTO {Event._meta.db_table} ({names(EVENT_COLUMNS)})"  # noqa: S608
        f" VALUES {typed(Event, EVENT_COLUMNS)} ON CONFLICT (key) DO NOTHING RETURNING id)"
    )
    if not entries:
        return sql + " SELECT (SELECT id FROM ev), NULL::bigint[]"  # noqa: S608
    columns = [c for c in ENTRY_COLUMNS if c != "id"]  # ids from the column's default
    rows = ", ".join([typed(Entry, columns)] * entries)
    return sql + (  # noqa: S608
        f", en AS (INSERT INTO {Entry._meta.db_table} ({names(columns)})"  # noqa: S608
        f" SELECT * FROM (VALUES {rows}) AS v({names(columns)})"
        " WHERE EXISTS (SELECT 1 FROM ev) RETURNING id, seq),"
        f" head AS (UPDATE {Account._meta.db_table} SET last_seq = %s, head_hash = %s"
        " WHERE id = %s AND EXISTS (SELECT 1 FROM ev))"
        " SELECT (SELECT id FROM ev), (SELECT array_agg(id ORDER BY seq) FROM en)"
    )


def _insert_booking(event_row: dict[str, Any], entry_rows: list[dict[str, Any]], account) -> Any:
    """Write the event, its entries and the account's new head in one statement; (event id,
    entry ids) or None when a concurrent booking committed the key first (nothing
    written)."""
    from jifen.ledger.batch import ENTRY_COLUMNS, EVENT_COLUMNS

    params = [event_row[c] for c in EVENT_COLUMNS]
    if entry_rows:
        params += [row[c] for row in entry_rows for c in ENTRY_COLUMNS if c != "id"]
        params += [account.last_seq, account.head_hash, account.pk]
    with connection.cursor() as cursor:
        cursor.execute(_booking_sql(len(entry_rows)), params)
        event_id, entry_ids = cursor.fetchone()
    if event_id is None:
        return None
    return event_id, entry_ids or []


@functools.cache
def _subject_sql() -> str:
    from jifen.org.models import OrgUnit

    def columns(model, alias: str) -> str:
        return ", ".join(f'{alias}."{f.column}"' for f in model._meta.concrete_fields)

    return (  # names from the models
        f"SELECT {columns(Subject, 's')}, {columns(OrgUnit, 'h')}, {columns(OrgUnit, 'o')}"  # noqa: S608
        f" FROM {Subject._meta.db_table} s"
        f" JOIN {OrgUnit._meta.db_table} h ON h.id = s.home_unit_id"
        f" LEFT JOIN {OrgUnit._meta.db_table} o ON o.id = s.host_unit_id WHERE s.id = %s"
    )


def subject_for_booking(subject_id: int) -> Subject | None:
    """The subject with its home and host units (`select_related`'s instances), read with
    SQL written once: compiling that query was a fifth of a single booking's time."""
    from jifen.org.models import OrgUnit

    with connection.cursor() as cursor:
        cursor.execute(_subject_sql(), [subject_id])
        row = cursor.fetchone()
    if row is None:
        return None
    n, u = len(Subject._meta.concrete_fields), len(OrgUnit._meta.concrete_fields)
    subject = _from_row(Subject, row[:n])
    home = _from_row(OrgUnit, row[n : n + u])
    host = _from_row(OrgUnit, row[n + u :]) if row[n + u] is not None else None
    subject._state.fields_cache.update(home_unit=home, host_unit=host)
    return subject


def _from_row(model, values) -> Any:
    """An instance of a row read with plain SQL, each value converted as the ORM does
    (a JSON column arrives as text)."""
    fields = model._meta.concrete_fields
    converted = [
        f.from_db_value(v, None, connection) if hasattr(f, "from_db_value") else v
        for f, v in zip(fields, values, strict=True)
    ]
    return model.from_db(connection.alias, [f.attname for f in fields], converted)


def _record(
    data: EventInput,
    *,
    actor,
    source: str,
    app: Applicable | None,
    needs_confirmation: bool,
    supersedes: Event | None = None,
    subject: Subject | None = None,
) -> Recorded:
    """Book one event in the caller's transaction: the door, the account's lock, the
    engine, one write. About six statements: the subject (unless given), the version in
    force (unless given), the lock (with the event's id and the key's earlier event), the
    account's standing entries, the write."""
    from jifen.ledger.batch import _instance, booking_rows

    if not data.key or len(data.key) > 200:
        raise InvalidEvent(
            _("every event needs an idempotency key of 1–200 characters."), field="key"
        )
    if subject is None:
        subject = subject_for_booking(data.subject_id)
    if subject is None:
        raise UnknownSubject(_no_subject(data.subject_id), field="subject")
    if app is None:
        app = applicable_for(subject.scoring_unit, subject.kind, data.occurred_on)
    check_event(app, data.item, data.attributes, data.quantity, subject.category or "default")
    period = period_of(app, data.occurred_on)
    digest = payload_hash(data)
    account, event_id, earlier = _lock_for_booking(subject, app, period, data.key)
    if earlier is not None:
        return _booked_before(data, digest)
    if account.closed_at is not None:  # (a retry of an earlier booking is still answered)
        raise PeriodClosed(
            _(
                "the period %(start)s…%(end)s of %(subject)s is closed; record a correction "
                "in the open period instead."
            )
            % {"start": account.period_start, "end": account.period_end, "subject": subject}
        )
    contract_event = rulesets.Event(
        id=f"{event_id:012d}",
        subject=str(subject.pk),
        item=data.item,
        occurred_on=data.occurred_on,
        attributes=rulesets.contracts.frozen_map(dict(data.attributes)),
        idempotency_key=data.key,
        quantity=float(data.quantity),
    )
    prior = contract_entries_of(account_id=account.pk)
    context = build_context(
        app.document,
        contract_subject(subject),
        rulesets.Period(account.period_start, account.period_end),
        contract_event,
        prior,
    )
    try:
        evaluation = app.engine().evaluate(contract_event, context)
    except rulesets.InvalidAttributes as exc:
        raise InvalidEvent(
            str(exc), problems=[FieldProblem(p.path, p.message) for p in exc.problems]
        ) from exc
    except rulesets.RulesetError as exc:
        raise LedgerError(
            _("event %(key)s: %(problem)s") % {"key": repr(data.key), "problem": exc}
        ) from exc
    event_row, entry_rows = booking_rows(
        event_id=event_id,
        data=data,
        subject_id=subject.pk,
        account=account,
        app=app,
        payload_digest=digest,
        context=context,
        evaluation=evaluation,
        source=source,
        recorded_by_id=actor.pk if getattr(actor, "pk", None) else None,
        now=timezone.now(),
        needs_confirmation=needs_confirmation,
        supersedes_id=supersedes.pk if supersedes is not None else None,
    )
    written = _insert_booking(event_row, entry_rows, account)
    if written is None:  # a concurrent request booked the key first
        return _booked_before(data, digest)
    _event_id, entry_ids = written
    event = _instance(
        Event,
        {**event_row, "attributes": dict(data.attributes), "context": context.as_json()},
    )
    event._state.fields_cache.update(subject=subject, account=account)
    if supersedes is not None:
        event._state.fields_cache["supersedes"] = supersedes
    entries = []
    for row, entry_id in zip(entry_rows, entry_ids, strict=True):
        entry = _instance(Entry, {**row, "id": entry_id})
        entry._state.fields_cache.update(account=account, event=event)
        entries.append(entry)
    return Recorded(event, tuple(entries), created=True)


def _booked_before(data: EventInput, digest: str) -> Recorded:
    """The earlier booking of `data.key` (a retry), or `Conflict` if it said otherwise."""
    event = idempotency.earlier(Event, key=data.key, payload_hash=digest, what="event")
    if event is None:  # pragma: no cover - the key's row was seen under the lock
        raise LedgerError(_("event %(key)s vanished while booking it.") % {"key": repr(data.key)})
    return Recorded(event, tuple(event.entries.order_by("seq")), created=False)


def event_record(
    *,
    actor,
    data: EventInput,
    source: str = Source.API,
    ruleset: Applicable | None = None,
    needs_confirmation: bool = False,
) -> Recorded:
    """Evaluate one event with the version in force on its date and book its entries.

    `ruleset` is the version in force when the caller has already looked it up;
    `needs_confirmation` for events that count only once confirmed (declarations).
    """
    with transaction.atomic():
        result = _record(
            data, actor=actor, source=source, app=ruleset, needs_confirmation=needs_confirmation
        )
        if result.created:
            _announce([result])
    _count_written(len(result.entries))
    return result


def events_record_bulk(
    *, actor, items: Sequence[EventInput], source: str = Source.IMPORT, progress=None
) -> BulkRecorded:
    """Record many events in one transaction: all of them, or none with the failing line.

    A set operation (`batch.book_many`): the same events, contexts, entries and chains as
    booking them one by one in (subject, key) order, with a fixed number of queries per
    batch instead of a dozen per event; accounts are locked once, in id order, so
    concurrent imports cannot deadlock.
    """
    from jifen.ledger.batch import book_many

    if not items:
        return BulkRecorded(created=0, duplicates=0)
    with transaction.atomic():
        lines = book_many(items, actor=actor, source=source, progress=progress)
        booked = [line for line in lines if line.created]
        if booked:
            events_recorded.send(
                sender=Event,
                subject_ids={line.subject.pk for line in booked},
                kinds={line.subject.kind for line in booked},
            )
    _count_written(sum(len(line.rows[1]) for line in booked))
    return BulkRecorded(
        created=len(booked), duplicates=len(lines) - len(booked), lines=tuple(lines)
    )


# --- booking without review: an explicit, role-restricted path ---------------------------


def _subject_units(subject_ids: Sequence[int]) -> dict[int, Any]:
    subjects = Subject.objects.filter(pk__in=set(subject_ids)).select_related(
        "home_unit", "host_unit"
    )
    return {s.pk: s.scoring_unit for s in subjects}


def event_book(*, actor, data: EventInput) -> Recorded:
    """Book a recorded fact without review or publicity (an attendance list from a card
    reader, an inspector's finding, another system's export).

    Only recorders, grid workers, inspectors, secretaries and administrators over the
    subject's scoring unit may (`Action.BOOK_DIRECTLY`); a member's own claim always goes
    through declaration and review. The event says how it came: source `api`, booked by
    the actor, counting at once (no confirmation), and the audit log has the booking.
    """
    subject = subject_for_booking(data.subject_id)
    if subject is None:
        raise UnknownSubject(_no_subject(data.subject_id), field="subject")
    unit = subject.scoring_unit
    held = policy.require(actor, Action.BOOK_DIRECTLY, unit)
    app = applicable_for(unit, subject.kind, data.occurred_on)
    item = next((i for i in app.document.get("items", []) if i["code"] == data.item), None)
    policy.require_booker(actor, subject, unit, item, held=held)
    with transaction.atomic():
        recorded = _record(
            data, actor=actor, source=Source.API, app=app, needs_confirmation=False,
            subject=subject,
        )  # fmt: skip
        if recorded.created:
            _announce([recorded])
            audit_record(
                actor=actor,
                action="event.book_directly",
                target=recorded.event,
                after={"item": data.item, "points": [str(e.points) for e in recorded.entries]},
                note="booked without review or publicity",
            )
    _count_written(len(recorded.entries))
    return recorded


def _line(index: int) -> str:
    """The prefix that locates a refusal at line `index + 1` of an import."""
    return _("line %(line)s: ") % {"line": index + 1}


def _import_allowed(actor, items: Sequence[EventInput]) -> None:
    """Every line's subject exists and the actor may book it directly, or the refusal at
    the first line that fails."""
    units = _subject_units([i.subject_id for i in items])
    own = policy.own_subject_ids(actor)
    allowed: set[int] = set()  # the unit's decision once per unit, not once per line
    for line, data in enumerate(items):
        unit = units.get(data.subject_id)
        if unit is None:
            raise UnknownSubject(
                _line(line) + _no_subject(data.subject_id), field=f"events.{line}.subject"
            )
        try:
            if unit.pk not in allowed:
                policy.require(actor, Action.BOOK_DIRECTLY, unit)
                allowed.add(unit.pk)
            if data.subject_id in own:  # nobody books their own points
                policy.require_booker(actor, data.subject_id, unit)
        except DomainError as exc:
            raise exc.with_prefix(_line(line), f"events.{line}.") from exc


def events_import(*, actor, items: Sequence[EventInput], progress=None) -> BulkRecorded:
    """Book many recorded facts without review, all or none (see `event_book`)."""
    _import_allowed(actor, items)
    with transaction.atomic():
        result = events_record_bulk(
            actor=actor, items=items, source=Source.IMPORT, progress=progress
        )
        if result.created:
            audit_record(
                actor=actor,
                action="event.import",
                target=result.results[0].event,
                after={"created": result.created, "duplicates": result.duplicates},
                note=f"{result.created} events booked without review or publicity",
            )
    return result


def _job_progress_key(job_id: int) -> str:
    return f"ledger.import_job.{job_id}"


def events_import_start(*, actor, items: Sequence[EventInput]) -> ImportJob:
    """Queue a large import for a worker (`import_job_run`); refuses at once what can be
    refused without booking (an unknown subject, a line the actor may not book)."""
    from workers.tasks.ledger import import_events_task

    _import_allowed(actor, items)
    job = ImportJob.objects.create(
        created_by=actor,
        total=len(items),
        language=translation.get_language() or "",
        items=[
            {
                "key": i.key,
                "subject_id": i.subject_id,
                "item": i.item,
                "occurred_on": i.occurred_on.isoformat(),
                "attributes": dict(i.attributes),
                "quantity": str(i.quantity),
            }
            for i in items
        ],
    )
    transaction.on_commit(lambda: import_events_task.delay(job.pk), robust=True)
    return job


def import_job_progress(*, job: ImportJob) -> dict[str, Any]:
    """How far a running job got: {"phase", "done", "total"} (kept in the cache)."""
    from django.core.cache import cache

    return cache.get(_job_progress_key(job.pk)) or {"phase": job.status, "done": 0}


def import_job_run(*, job_id: int) -> ImportJob:
    """Book a queued import (in a worker). A redelivered job runs again: the booking is
    all or nothing and idempotent, so a crash mid-way leaves nothing to undo."""
    from django.core.cache import cache

    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    key = _job_progress_key(job.pk)

    def progress(phase: str, done: int, total: int) -> None:
        cache.set(key, {"phase": phase, "done": done, "total": total}, 3600)

    items = [
        EventInput(
            key=i["key"],
            subject_id=i["subject_id"],
            item=i["item"],
            occurred_on=dt.date.fromisoformat(i["occurred_on"]),
            attributes=i["attributes"],
            quantity=Decimal(i["quantity"]),
        )
        for i in job.items
    ]
    with translation.override(job.language or None):
        try:
            result = events_import(actor=job.created_by, items=items, progress=progress)
        except DomainError as exc:
            job.status = ImportJob.Status.FAILED
            job.errors = [
                {"field": p.field, "code": str(exc.code), "message": p.message}
                for p in (exc.problems or [exc])
            ]
        else:
            job.status = ImportJob.Status.DONE
            job.created, job.duplicates = result.created, result.duplicates
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "errors", "created", "duplicates", "finished_at"])
    cache.delete(key)
    return job


def entry_correct(*, actor, entry: Entry, reason: str) -> Entry:
    """A secretary, superior or administrator cancels a booked entry with a reason."""
    account = Account.objects.select_related("subject__home_unit", "subject__host_unit").get(
        pk=entry.account_id
    )
    policy.require_reverser(actor, entry, account.subject, account.subject.scoring_unit)
    with transaction.atomic():
        reversal = entry_reverse(actor=actor, entry=entry, reason=reason)
        audit_record(
            actor=actor,
            action="entry.reverse",
            target=entry,
            before={"points": str(entry.points)},
            after={"reversal": reversal.seq},
            note=reason,
        )
    return reversal


# --- confirmation, reversal, closing ---------------------------------------------------------


def event_confirm(*, actor, event: Event, note: str = "") -> Entry | None:
    """Make a declared event count: append a confirmation entry to its account's chain.

    Idempotent (an event is confirmed once); an event booked without review needs none.
    """
    if not event.needs_confirmation:
        return None
    account = Account.objects.select_for_update().get(pk=event.account_id)
    existing = Entry.objects.filter(event=event, kind=EntryKind.CONFIRMATION).first()
    if existing is not None:
        return existing
    if account.closed_at is not None:
        raise PeriodClosed(
            _(
                "the period %(start)s…%(end)s is closed; %(item)s of %(day)s can no longer be "
                "confirmed."
            )
            % {
                "start": account.period_start,
                "end": account.period_end,
                "item": event.item,
                "day": event.occurred_on,
            }
        )
    entry = append_entry(
        account,
        kind=EntryKind.CONFIRMATION,
        event=event,
        event_digest=event.digest,
        occurred_on=event.occurred_on,
        item=event.item,
        bucket="",
        points=0,
        raw_points=0,
        rule="confirmed",
        ruleset_version=event.version_key,
        reason=note,
        decided_by=actor,
    )
    _count_written(1)
    _announce_change(account, "confirmed")
    return entry


def _announce_change(account: Account, change: str) -> None:
    from jifen.ledger.signals import entries_changed

    kind = Subject.objects.filter(pk=account.subject_id).values_list("kind", flat=True).first()
    entries_changed.send(
        sender=Entry, subject_ids={account.subject_id}, kinds={kind}, change=change
    )


def entry_reverse(*, actor, entry: Entry, reason: str) -> Entry:
    """Cancel an entry by appending its negation; the original stays as it was."""
    if not reason.strip():
        raise InvalidEvent(
            _("a correction needs a reason; it is shown in the entry's history."), field="reason"
        )
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=entry.account_id)
        if account.closed_at is not None:
            raise PeriodClosed(_("the period of entry #%(seq)s is closed.") % {"seq": entry.seq})
        if entry.kind != EntryKind.BOOKING:
            raise LedgerError(
                _("entry #%(seq)s is a %(kind)s, not a booking.")
                % {"seq": entry.seq, "kind": in_language(entry.get_kind_display()).lower()}
            )
        if Entry.objects.filter(reverses=entry).exists():
            raise LedgerError(_("entry #%(seq)s is already reversed.") % {"seq": entry.seq})
        if entry.reverses_id is not None:
            raise LedgerError(_("a reversing entry cannot itself be reversed; record a new event."))
        reversal = append_entry(
            account,
            event=entry.event,
            event_digest=entry.event_digest,
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
            decided_by=actor,
        )
    _count_written(1)
    _announce_change(account, "corrected")
    return reversal


def event_reverse(*, actor, event: Event, reason: str) -> list[Entry]:
    """Reverse every entry of an event that still stands (an upheld objection withdraws
    a declaration this way)."""
    standing = standing_entries().filter(event=event).values_list("pk", flat=True)
    return [
        entry_reverse(actor=actor, entry=entry, reason=reason)
        for entry in Entry.objects.filter(pk__in=list(standing)).order_by("seq")
    ]


def _successor_key(event: Event, app: Applicable) -> str:
    return f"{event.key[:160]}~{event.pk}.{app.key.version}"


def events_reevaluate(*, actor, events: Sequence[Event], reason: str) -> list[tuple[Event, Event]]:
    """Book facts again under the version now in force on their dates (a version published
    retroactively): each event's standing entries are reversed with `reason`, and a new
    event that `supersedes` it is evaluated and booked, confirmed if the old one was.

    All events are reversed before any is booked again, in date order, so counters (the
    third absence of the period …) see the new evaluation of the earlier facts only. An
    event the new version cannot evaluate refuses the whole re-evaluation with its key.
    """
    ordered = sorted(events, key=lambda e: (e.occurred_on, e.pk))
    counted = set(
        Entry.objects.filter(event__in=ordered, kind=EntryKind.CONFIRMATION).values_list(
            "event_id", flat=True
        )
    )
    pairs: list[tuple[Event, Event]] = []
    with transaction.atomic():
        for event in ordered:
            event_reverse(actor=actor, event=event, reason=reason)
        for old in ordered:
            subject = Subject.objects.select_related("home_unit", "host_unit").get(
                pk=old.subject_id
            )
            data = EventInput(
                key="",
                subject_id=old.subject_id,
                item=old.item,
                occurred_on=old.occurred_on,
                attributes=old.attributes,
                quantity=old.quantity,
            )
            try:
                app = applicable_for(subject.scoring_unit, subject.kind, old.occurred_on)
                data = EventInput(**{**data.__dict__, "key": _successor_key(old, app)})
                recorded = _record(
                    data,
                    actor=actor,
                    source=old.source,
                    app=app,
                    needs_confirmation=old.needs_confirmation,
                    supersedes=old,
                )
            except DomainError as exc:
                raise exc.with_prefix(
                    _("event %(key)s (%(item)s, %(day)s) cannot be evaluated again: ")
                    % {"key": repr(old.key), "item": old.item, "day": old.occurred_on}
                ) from exc
            if old.pk in counted:
                event_confirm(actor=actor, event=recorded.event, note=reason)
            pairs.append((old, recorded.event))
        _announce([Recorded(new, (), created=True) for _, new in pairs])
    return pairs


def accounts_close(*, accounts: Sequence[Account], at: dt.datetime | None = None) -> int:
    """Close accounts at a period's end: nothing more is booked or confirmed in them."""
    at = at or timezone.now()
    return Account.objects.filter(pk__in=[a.pk for a in accounts], closed_at__isnull=True).update(
        closed_at=at
    )


def accounts_reopen(*, accounts: Sequence[Account]) -> int:
    """Reopen closed accounts for corrections (the superior returned the period's filing)."""
    return Account.objects.filter(pk__in=[a.pk for a in accounts], closed_at__isnull=False).update(
        closed_at=None
    )


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
    from jifen.metrics import ledger_entries_written

    ledger_entries_written(connection.schema_name, count)
