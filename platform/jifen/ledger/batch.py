"""Booking many events as one set operation (`services.events_record_bulk`).

The same guarantees as booking them one by one (`services._record`), with work per batch
instead of per event: the versions in force are resolved once per (unit, kind, day), the
subjects, accounts, earlier entries and idempotency keys are read in one query each, the
accounts are locked once in id order (concurrent imports cannot deadlock), the engine
evaluates each round of events in one call, the chain hashes are computed in order in
memory, and events and entries are written with COPY. A booked batch is indistinguishable
from the same events booked one at a time in (subject, key) order: same contexts, effects,
explanations, digests and chains (tests/jifen/ledger/test_bulk_ingest.py).
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

import rulesets
from jifen import idempotency
from jifen.errors import DomainError, FieldProblem
from jifen.ledger.chain import event_digest, json_text
from jifen.ledger.errors import InvalidEvent, LedgerError, PeriodClosed, UnknownSubject
from jifen.ledger.models import Account, Entry, EntryKind, Event
from jifen.ledger.selectors import contract_entries_by_account, standing_entries
from jifen.org.models import OrgUnit
from jifen.rulebook.selectors import Applicable, applicable_many, period_of
from jifen.subjects.models import Subject
from rulesets.context import build_context, initial_totals

EVENT_COLUMNS = (
    "id", "key", "subject_id", "account_id", "item", "occurred_on", "attributes", "quantity",
    "source", "recorded_by_id", "ruleset_version_id", "version_key", "context",
    "needs_confirmation", "payload_hash", "explanation", "created_at", "digest",
    "supersedes_id",
)  # fmt: skip
ENTRY_COLUMNS = (
    "id", "account_id", "seq", "kind", "event_id", "occurred_on", "item", "bucket", "points",
    "raw_points", "rule", "ruleset_version", "group", "veto", "escalation", "reverses_id",
    "reason", "decided_by_id", "created_at", "event_digest", "prev_hash", "hash",
)  # fmt: skip
RETRIES = 3
# progress(phase, done, total): "checked" (every line passed the door), "evaluated"
# (events evaluated so far), "written" (COPY done).
Progress = Callable[[str, int, int], None]


def one_of(values, sql_type: str = "bigint") -> RawSQL:
    """`field__in=one_of(ids)`: thousands of values as one array parameter (a placeholder
    per value made psycopg's client-side binding a tenth of a batch's time)."""
    assert sql_type in {"bigint", "text"}, sql_type
    return RawSQL(f"SELECT unnest(%s::{sql_type}[])", [list(values)])  # noqa: S611 (fixed types)


@dataclass
class _Line:
    """One line of the batch on its way to the ledger."""

    index: int
    data: Any  # services.EventInput
    subject: Subject
    app: Applicable
    period: rulesets.Period
    digest: str
    account: Account | None = None
    event: Event | None = None
    entries: tuple[Entry, ...] = field(default_factory=tuple)
    created: bool = False
    # A booked line's rows as written; the model instances are built only when asked for.
    rows: tuple[dict, list[dict]] | None = None

    def booked(self) -> tuple[Event, tuple[Entry, ...]]:
        """The line's event and entries (the ones it booked, or the earlier booking's)."""
        if self.event is None and self.rows is not None:
            event_row, entry_rows = self.rows
            context = event_row["context"]  # the EvaluationContext, as stored on demand
            self.event = _instance(Event, {**event_row, "context": context.as_json()})
            self.event._state.fields_cache["subject"] = self.subject
            entries = []
            for row in entry_rows:
                entry = _instance(Entry, row)
                entry._state.fields_cache["account"] = self.account
                entry._state.fields_cache["event"] = self.event
                entries.append(entry)
            self.entries = tuple(entries)
        return self.event, self.entries  # type: ignore[return-value]


def located(index: int, key: str, exc: DomainError) -> DomainError:
    """`exc` located at line `index + 1` of the request (`events.<index>.<field>`)."""
    return exc.with_prefix(
        _("line %(line)s (key %(key)s): ") % {"line": index + 1, "key": repr(key)},
        f"events.{index}.",
    )


def book_many(
    items: Sequence[Any], *, actor, source: str, progress: Progress | None = None
) -> list[_Line]:
    """Book `items` all or none; lines in input order, each created or a duplicate.

    A concurrent import that booked one of our keys for another account between our check
    and our COPY makes the unique key index refuse the COPY: the batch is then taken again
    from the start (it sees that import's events and answers duplicates or a `Conflict`).
    """
    with _no_cyclic_gc():
        return _book_many(items, actor=actor, source=source, progress=progress)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """The cyclic collector off while a batch runs: the batch allocates hundreds of
    thousands of small objects that reference counting frees, and each of the collector's
    full passes walked all of them (a tenth of a 5,000-event batch in the profile)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _book_many(
    items: Sequence[Any], *, actor, source: str, progress: Progress | None
) -> list[_Line]:
    report = progress or (lambda phase, done, total: None)
    lines = _prepare(items)
    report("checked", len(lines), len(lines))
    for attempt in range(RETRIES):
        try:
            with transaction.atomic():
                return _book(lines, actor=actor, source=source, report=report)
        except IntegrityError:
            if attempt == RETRIES - 1:
                raise
    raise AssertionError("unreachable")


def _prepare(items: Sequence[Any]) -> list[_Line]:
    """Everything that needs no lock: subjects, versions in force, the door, periods."""
    from jifen.ledger.services import _no_subject, check_event, payload_hash

    for index, data in enumerate(items):
        if not data.key or len(data.key) > 200:
            raise located(
                index,
                data.key,
                InvalidEvent(
                    _("every event needs an idempotency key of 1–200 characters."), field="key"
                ),
            )
    subjects = {
        s.pk: s for s in Subject.objects.filter(pk__in=one_of({d.subject_id for d in items}))
    }
    # A batch's thousands of subjects share a few units: each unit is read and built once
    # (joined, every subject row built two unit instances of its own).
    unit_ids = {s.home_unit_id for s in subjects.values()}
    unit_ids |= {s.host_unit_id for s in subjects.values() if s.host_unit_id}
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=one_of(unit_ids))}
    for s in subjects.values():
        s._state.fields_cache["home_unit"] = units[s.home_unit_id]
        s._state.fields_cache["host_unit"] = units.get(s.host_unit_id)
    for index, data in enumerate(items):
        if data.subject_id not in subjects:
            raise located(
                index, data.key, UnknownSubject(_no_subject(data.subject_id), field="subject")
            )
    apps = applicable_many(
        (subjects[d.subject_id].scoring_unit, subjects[d.subject_id].kind, d.occurred_on)
        for d in items
    )
    periods: dict[tuple[int, Any], rulesets.Period] = {}
    # What passed the door: a month of attendance is a few (item, attributes, quantity)
    # shapes repeated thousands of times, each checked once per version and category.
    passed: set[tuple] = set()
    lines = []
    for index, data in enumerate(items):
        subject = subjects[data.subject_id]
        app = apps[(subject.scoring_unit.pk, subject.kind, data.occurred_on)]
        try:
            if isinstance(app, DomainError):
                raise app
            category = subject.category or "default"
            shape = _shape(app, data, category)
            if shape is None or shape not in passed:
                check_event(app, data.item, data.attributes, data.quantity, category)
                if shape is not None:
                    passed.add(shape)
            period_key = (id(app.document), data.occurred_on)
            if period_key not in periods:
                periods[period_key] = period_of(app, data.occurred_on)
        except DomainError as exc:
            raise located(index, data.key, exc) from exc
        lines.append(_Line(index, data, subject, app, periods[period_key], payload_hash(data)))
    return lines


def _shape(app: Applicable, data: Any, category: str) -> tuple | None:
    """What the door's verdict on a line depends on, as a key (None: not worth keeping).
    `repr` keeps 1, 1.0 and True apart, as the attribute checks do."""
    try:
        attributes = repr(sorted(data.attributes.items())) if data.attributes else ""
    except TypeError:  # keys that do not sort
        return None
    return (app.key, data.item, category, attributes, type(data.quantity), repr(data.quantity))


def _lock_accounts(lines: list[_Line]) -> dict[tuple, Account]:
    """Every account the batch books into, created if needed, locked in id order."""
    wanted = {
        (line.subject.pk, line.app.version.ruleset_id, line.period.start): line.period.end
        for line in lines
    }
    keys = sorted(wanted)
    columns = [[k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys]]
    with connection.cursor() as cursor:
        # In key order, so that concurrent imports creating the same accounts wait for each
        # other instead of deadlocking; the existing ones stay as they are.
        cursor.execute(
            "INSERT INTO ledger_account (subject_id, ruleset_id, period_start, period_end,"
            " last_seq, head_hash)"
            " SELECT s, r, d, e, 0, '' FROM unnest(%s::bigint[], %s::bigint[], %s::date[],"
            " %s::date[]) AS w(s, r, d, e) ORDER BY s, r, d"
            " ON CONFLICT (subject_id, ruleset_id, period_start) DO NOTHING",
            [*columns, [wanted[k] for k in keys]],
        )
        cursor.execute(
            "SELECT a.id FROM ledger_account a"
            " JOIN unnest(%s::bigint[], %s::bigint[], %s::date[]) AS w(s, r, d)"
            " ON a.subject_id = w.s AND a.ruleset_id = w.r AND a.period_start = w.d",
            columns,
        )
        ids = [row[0] for row in cursor.fetchall()]
    locked = Account.objects.select_for_update().filter(pk__in=one_of(ids)).order_by("pk")
    return {(a.subject_id, a.ruleset_id, a.period_start): a for a in locked}


def _evaluation_error(line: _Line, exc: Exception) -> DomainError:
    if isinstance(exc, rulesets.InvalidAttributes):
        return InvalidEvent(
            str(exc), problems=[FieldProblem(p.path, p.message) for p in exc.problems]
        )
    return LedgerError(
        _("event %(key)s: %(problem)s") % {"key": repr(line.data.key), "problem": exc}
    )


def _book(lines: list[_Line], *, actor, source: str, report: Progress) -> list[_Line]:
    from jifen.ledger.services import _quantize, contract_subject

    accounts = _lock_accounts(lines)
    for line in lines:
        line.account = accounts[(line.subject.pk, line.app.version.ruleset_id, line.period.start)]
        line.event, line.entries, line.created, line.rows = None, (), False, None
    # Idempotency, after the locks: an overlapping import that held them has committed.
    earlier = {
        key: (pk, digest)
        for key, pk, digest in Event.objects.filter(
            key__in=one_of({line.data.key for line in lines}, "text")
        ).values_list("key", "pk", "payload_hash")
    }
    first_of: dict[str, _Line] = {}
    new: list[_Line] = []
    for line in lines:
        key = line.data.key
        if key in earlier:
            if earlier[key][1] != line.digest:
                try:
                    idempotency.earlier(Event, key=key, payload_hash=line.digest, what="event")
                except DomainError as exc:
                    raise located(line.index, key, exc) from exc
            continue
        if key in first_of:
            if first_of[key].digest != line.digest:
                first = first_of[key].data
                row = f"{first.item} · {first_of[key].subject} · {first.occurred_on}"
                raise located(line.index, key, idempotency.conflict(key=key, what="event", row=row))
            continue
        first_of[key] = line
        new.append(line)
    for line in new:
        account = line.account
        if account.closed_at is not None:
            raise located(
                line.index,
                line.data.key,
                PeriodClosed(
                    _(
                        "the period %(start)s…%(end)s of %(subject)s is closed; record a "
                        "correction in the open period instead."
                    )
                    % {
                        "start": account.period_start,
                        "end": account.period_end,
                        "subject": line.subject,
                    }
                ),
            )
    if new:
        _write(
            new,
            actor=actor,
            source=source,
            quantize=_quantize,
            subject_of=contract_subject,
            report=report,
        )
    _answer_duplicates(lines, first_of)
    return lines


def _next_ids(table: str, count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


def _write(new: list[_Line], *, actor, source: str, quantize, subject_of, report: Progress) -> None:
    """Evaluate the new lines in (subject, key) order, chain and COPY them."""
    new.sort(key=lambda line: (line.data.subject_id, line.data.key))
    event_ids = iter(_next_ids(Event._meta.db_table, len(new)))
    prior = contract_entries_by_account(
        standing_entries().filter(account_id__in=one_of({line.account.pk for line in new}))
    )
    # Round k holds the k-th new event of each account: its context counts the rounds
    # before it, so each round is one engine call per version.
    rounds: list[list[_Line]] = []
    depth: dict[int, int] = defaultdict(int)
    for line in new:
        n = depth[line.account.pk]
        depth[line.account.pk] += 1
        if n == len(rounds):
            rounds.append([])
        rounds[n].append(line)
    subjects: dict[int, rulesets.Subject] = {}
    initial: dict[tuple, dict[str, float]] = {}  # per (version, subject): the same each round
    recorded_by = actor if getattr(actor, "pk", None) else None
    now = timezone.now()
    evaluated: list[tuple[_Line, int, Any, Any]] = []
    for batch in rounds:
        pairs_by_engine: dict[Any, list[tuple[_Line, int, Any, Any]]] = defaultdict(list)
        for line in batch:
            data, account = line.data, line.account
            event_id = next(event_ids)
            if line.subject.pk not in subjects:
                subjects[line.subject.pk] = subject_of(line.subject)
            contract_event = rulesets.Event(
                id=f"{event_id:012d}",
                subject=str(line.subject.pk),
                item=data.item,
                occurred_on=data.occurred_on,
                attributes=rulesets.contracts.frozen_map(dict(data.attributes)),
                idempotency_key=data.key,
                quantity=float(data.quantity),
            )
            initial_key = (line.app.key, line.subject.pk)
            if initial_key not in initial:
                initial[initial_key] = initial_totals(line.app.document, subjects[line.subject.pk])
            context = build_context(
                line.app.document,
                subjects[line.subject.pk],
                rulesets.Period(account.period_start, account.period_end),
                contract_event,
                prior.get(account.pk, ()),
                initial[initial_key],
            )
            pairs_by_engine[line.app.key].append((line, event_id, contract_event, context))
        results: list[tuple[_Line, int, Any, Any, Any]] = []
        for group in pairs_by_engine.values():
            engine = group[0][0].app.engine()
            outcomes = engine.evaluate_each([(e, c) for _l, _i, e, c in group])
            results += [(*g, o) for g, o in zip(group, outcomes, strict=True)]
        failed = [r for r in results if isinstance(r[4], Exception)]
        if failed:
            line, *_rest, exc = min(failed, key=lambda r: r[0].index)
            raise located(line.index, line.data.key, _evaluation_error(line, exc))
        for line, event_id, contract_event, context, evaluation in results:
            own = prior.setdefault(line.account.pk, [])
            for effect in evaluation.effects:
                own.append(
                    rulesets.LedgerEntry(
                        str(line.subject.pk), contract_event.id, line.data.key,
                        line.data.occurred_on, effect.item, effect.bucket,
                        float(quantize(effect.points)), float(quantize(effect.raw_points)),
                        effect.rule, effect.group or None, effect.veto or None,
                        effect.escalation or None,
                    )
                )  # fmt: skip
            evaluated.append((line, event_id, context, evaluation))
        report("evaluated", len(evaluated), len(new))
    # Events, then entries, each account's chain in seq order.
    event_rows, entry_rows, heads = [], [], {}
    entry_ids = iter(_next_ids(Entry._meta.db_table, sum(len(e[3].effects) for e in evaluated)))
    evaluated.sort(key=lambda e: (e[0].data.subject_id, e[0].data.key))
    recorded_by_id = recorded_by.pk if recorded_by else None
    for line, event_id, context, evaluation in evaluated:
        row, entries = booking_rows(
            event_id=event_id,
            data=line.data,
            subject_id=line.subject.pk,
            account=line.account,
            app=line.app,
            payload_digest=line.digest,
            context=context,
            evaluation=evaluation,
            source=source,
            recorded_by_id=recorded_by_id,
            now=now,
            entry_ids=entry_ids,
        )
        event_rows.append([row[n] for n in EVENT_COLUMNS])
        entry_rows += ([e[n] for n in ENTRY_COLUMNS] for e in entries)
        if entries:
            heads[line.account.pk] = line.account
        row["attributes"], row["context"] = dict(line.data.attributes), context
        line.rows, line.created = (row, entries), True
    _copy(Event._meta.db_table, EVENT_COLUMNS, event_rows)
    _copy(Entry._meta.db_table, ENTRY_COLUMNS, entry_rows)
    report("written", len(new), len(new))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ledger_account a SET last_seq = h.last_seq, head_hash = h.head_hash"
            " FROM unnest(%s::bigint[], %s::int[], %s::text[]) AS h(id, last_seq, head_hash)"
            " WHERE a.id = h.id",
            [
                list(heads),
                [a.last_seq for a in heads.values()],
                [a.head_hash for a in heads.values()],
            ],
        )


def booking_rows(
    *,
    event_id: int,
    data: Any,
    subject_id: int,
    account: Account,
    app: Applicable,
    payload_digest: str,
    context: rulesets.EvaluationContext,
    evaluation: Any,
    source: str,
    recorded_by_id: int | None,
    now: Any,
    needs_confirmation: bool = False,
    supersedes_id: int | None = None,
    entry_ids: Any = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The event row and its entry rows exactly as they are written and hashed, the one
    definition both paths use (a batch and a single booking chain the same way).

    Appends to `account`'s chain in memory (its `last_seq` and `head_hash` move on); JSON
    columns are their canonical text (`json_text`), hashed as written. Entry ids come from
    `entry_ids` when given (the batch's COPY), else from the column's default.
    """
    from jifen.ledger.chain import entry_hash
    from jifen.ledger.services import _quantize

    version_key = str(app.key)
    fields = {
        "key": data.key,
        "subject_id": subject_id,
        "account_id": account.pk,
        "item": data.item,
        "occurred_on": data.occurred_on,
        "attributes": json_text(dict(data.attributes)),
        "quantity": _quantize(data.quantity),
        "source": source,
        "recorded_by_id": recorded_by_id,
        "ruleset_version_id": app.version.pk,
        "version_key": version_key,
        "context": json_text(context.as_json()),
        "needs_confirmation": needs_confirmation,
        "payload_hash": payload_digest,
        "explanation": evaluation.explanation,
        "created_at": now,
        "supersedes_id": supersedes_id,
    }
    digest = event_digest(fields)
    row = {**fields, "id": event_id, "digest": digest}
    entries = []
    for effect in evaluation.effects:
        seq = account.last_seq + 1
        entry_fields = {
            "account_id": account.pk,
            "seq": seq,
            "kind": EntryKind.BOOKING.value,
            "event_id": event_id,
            "occurred_on": data.occurred_on,
            "item": effect.item,
            "bucket": effect.bucket,
            "points": _quantize(effect.points),
            "raw_points": _quantize(effect.raw_points),
            "rule": effect.rule,
            "ruleset_version": version_key,
            "group": effect.group or "",
            "veto": effect.veto or "",
            "escalation": effect.escalation or "",
            "reverses_id": None,
            "reason": "",
            "decided_by_id": None,
            "created_at": now,
            "event_digest": digest,
        }
        chained = entry_hash(account.head_hash, entry_fields)
        entries.append(
            {
                **entry_fields,
                "id": next(entry_ids) if entry_ids is not None else None,
                "prev_hash": account.head_hash,
                "hash": chained,
            }
        )
        account.last_seq, account.head_hash = seq, chained
    return row, entries


def _instance(model, row: dict):
    """A model instance of a row just written, built the way Django builds fetched rows
    (positionally: a keyword `__init__` per row was a tenth of a batch's time)."""
    names = [f.attname for f in model._meta.concrete_fields]
    return model.from_db(connection.alias, names, [row[n] for n in names])


def _copy(table: str, columns: Sequence[str], rows: list[list]) -> None:
    names = ", ".join(f'"{c}"' for c in columns)
    # psycopg's COPY bypasses Django's error translation: a unique key taken meanwhile must
    # still arrive as django.db.IntegrityError (book_many retries on it).
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _answer_duplicates(lines: list[_Line], first_of: dict[str, _Line]) -> None:
    """Lines whose key was booked before (or earlier in this batch) answer that event."""
    missing = [line for line in lines if not line.created and line.data.key not in first_of]
    booked = {}
    if missing:
        events = Event.objects.filter(key__in={line.data.key for line in missing})
        booked = {e.key: e for e in events.select_related("subject")}
        entries: dict[int, list[Entry]] = defaultdict(list)
        for entry in Entry.objects.filter(event__in=booked.values()).order_by("seq"):
            entries[entry.event_id].append(entry)
        for event in booked.values():
            event._entries = tuple(entries[event.pk])  # type: ignore[attr-defined]
    for line in lines:
        if line.created:
            continue
        first = first_of.get(line.data.key)
        if first is not None and first is not line:
            line.event, line.entries = first.booked()
        elif first is None:
            line.event = booked[line.data.key]
            line.entries = line.event._entries  # type: ignore[attr-defined]
        line.created = False
