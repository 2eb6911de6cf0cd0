"""The procedure's steps, one action function each (the transaction, the checks, the step log).

Durations (publicity days, objection answer deadline) come from the ruleset in force;
every step is written to `Step` with who did it and when.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

import rulesets
from jifen.deadlines.services import deadline_schedule, local_moment
from jifen.ledger import services as ledger
from jifen.ledger.errors import LedgerError
from jifen.ledger.models import Account, Entry, Event, Source
from jifen.notifications.services import notify
from jifen.org.models import OrgUnit, Role
from jifen.procedure import permissions as perm
from jifen.procedure.errors import Forbidden, ProcedureError
from jifen.procedure.models import (
    Board,
    BoardKind,
    BoardStatus,
    CloseStatus,
    Declaration,
    DeclarationKind,
    DeclarationStatus,
    Evidence,
    Objection,
    ObjectionOutcome,
    ObjectionStatus,
    PeriodClose,
    PeriodResult,
    Step,
)
from jifen.rulebook.errors import RulebookError
from jifen.rulebook.selectors import Applicable, applicable_for
from jifen.subjects.models import Subject
from jifen.workdays import deadline
from rulesets.periods import period_containing

OPEN_OBJECTION = (ObjectionStatus.OPEN, ObjectionStatus.ESCALATED)


def _applicable(subject: Subject, on: date) -> Applicable:
    try:
        return applicable_for(perm.scoring_unit(subject), subject.kind, on)
    except RulebookError as exc:
        raise ProcedureError(str(exc)) from exc


def _procedure(app: Applicable) -> Mapping[str, Any]:
    return app.document.get("procedure") or {}


def _item(app: Applicable, code: str) -> Mapping[str, Any]:
    for item in app.document.get("items", []):
        if item["code"] == code:
            return item
    known = ", ".join(i["code"] for i in app.document.get("items", []))
    raise ProcedureError(f"item {code!r} is not in ruleset {app.key}; known items: {known}.")


def _step(action: str, actor, note: str = "", **targets: Any) -> None:
    Step.objects.create(
        action=action, actor=actor if getattr(actor, "pk", None) else None, note=note, **targets
    )


def _period_closed(unit: OrgUnit, app: Applicable, on: date) -> bool:
    period = period_containing(app.document, on)
    return PeriodClose.objects.filter(
        unit__path__in=unit.ancestor_paths(), ruleset=app.version.ruleset, period_start=period.start
    ).exists()


# --- declare -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeclarationInput:
    key: str
    subject_id: int
    item: str
    occurred_on: date
    attributes: Mapping[str, Any]
    quantity: float = 1
    note: str = ""
    place: str = ""
    evidence_ids: Sequence[int] = ()


def _declaration_kind(user, subject: Subject, unit: OrgUnit) -> tuple[str, set[str]]:
    held = perm.roles_over(user, unit)
    if subject.user_id == user.pk:
        if Role.MEMBER not in held and not user.is_superuser:
            raise Forbidden(f"you are not registered as a member of {unit.name}.")
        return DeclarationKind.SELF, held
    if held & set(perm.RECORDERS):
        return DeclarationKind.RECORD, held
    if Role.MEMBER in held:
        return DeclarationKind.REPORT, held
    raise Forbidden(
        f"you may declare only for yourself, for members of your own unit, "
        f"or as a recorder of {unit.name}."
    )


def _check_declarer(item: Mapping[str, Any], kind: str, held: set[str]) -> None:
    codes = item.get("declared_by")
    if not codes:
        return
    if kind == DeclarationKind.SELF:
        wanted = {"member"}
    elif kind == DeclarationKind.REPORT:
        wanted = {"other_member"}
    else:
        wanted = {c for c in codes if held & set(perm.DECLARER_CODES.get(c, ()))} & {
            c for c in codes if c not in ("member", "other_member")
        }
    if not wanted & set(codes):
        raise Forbidden(
            f"item {item['code']!r} may be declared only by: {', '.join(codes)} "
            f"(you are declaring as {kind})."
        )


def declaration_submit(*, user, data: DeclarationInput, today: date | None = None) -> Declaration:
    """Declare an item for oneself, report another member, or record on someone's behalf."""
    today = today or timezone.localdate()
    subject = Subject.objects.select_related("home_unit", "host_unit", "user").get(
        pk=data.subject_id
    )
    unit = perm.scoring_unit(subject)
    kind, held = _declaration_kind(user, subject, unit)
    if data.occurred_on > today:
        raise ProcedureError(f"{data.occurred_on} is in the future; declare what has happened.")
    app = _applicable(subject, data.occurred_on)
    item = _item(app, data.item)
    _check_declarer(item, kind, held)
    if _period_closed(unit, app, data.occurred_on):
        raise ProcedureError(
            f"the period containing {data.occurred_on} is closed for {unit.name}; "
            "ask the branch to record a correction in the current period."
        )
    _check_declaration_deadline(app, data.occurred_on, today)
    evidence = list(
        Evidence.objects.filter(pk__in=data.evidence_ids, uploaded_by=user, declaration=None)
    )
    if len(evidence) != len(set(data.evidence_ids)):
        raise ProcedureError("some evidence ids are unknown, not yours, or already attached.")
    if item.get("evidence") == "required" and not evidence:
        raise ProcedureError(f"item {item['code']!r} needs evidence (佐证材料): attach a file.")
    is_secretary = subject.user_id is not None and Role.SECRETARY in perm.roles_over(
        subject.user, unit
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                declaration = Declaration.objects.create(
                    key=data.key,
                    subject=subject,
                    unit=unit,
                    item=data.item,
                    occurred_on=data.occurred_on,
                    attributes=dict(data.attributes),
                    quantity=Decimal(str(data.quantity)),
                    note=data.note,
                    place=data.place,
                    kind=kind,
                    declared_by=user,
                    countersign_required=is_secretary,
                )
        except IntegrityError:
            existing = Declaration.objects.get(key=data.key)
            if (existing.subject_id, existing.item, existing.occurred_on) != (
                subject.pk,
                data.item,
                data.occurred_on,
            ):
                raise ProcedureError(
                    f"key {data.key!r} was already used for another declaration."
                ) from None
            return existing
        Evidence.objects.filter(pk__in=[e.pk for e in evidence]).update(declaration=declaration)
        _step("declared", user, f"{kind}: {data.note}".strip(": "), declaration=declaration)
    return declaration


def _check_declaration_deadline(app: Applicable, occurred_on: date, today: date) -> None:
    procedure = _procedure(app)
    days = procedure.get("declaration_deadline_days")
    if days is None:
        return
    unit = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}.get(
        procedure.get("declaration", "")
    )
    if unit is None:
        return
    period = period_containing(app.document, occurred_on)
    parts = rulesets.periods.sub_periods(period, unit)
    part = parts[rulesets.periods.index_of(parts, occurred_on)]
    last_day = deadline(part.end, days, procedure.get("declaration_calendar", "calendar"))
    if today > last_day:
        raise ProcedureError(
            f"declarations for {part.start}…{part.end} were due by {last_day}; "
            "ask the recorder to record it with a reason."
        )


def attendance_record(
    *,
    user,
    unit: OrgUnit,
    occurred_on: date,
    key: str,
    attendee_ids: Sequence[int],
    absent_item: str,
    present_item: str | None = None,
    note: str = "",
) -> list[Declaration]:
    """One meeting's attendance list → one declaration per member (present or absent)."""
    perm.require(user, unit, perm.RECORDERS, "recording attendance")
    members = Subject.objects.filter(
        Q(home_unit=unit, host_unit__isnull=True) | Q(host_unit=unit),
        kind="person",
        left_on__isnull=True,
    ).exclude(exempt_reason__gt="")
    member_ids = set(members.values_list("pk", flat=True))
    strangers = set(attendee_ids) - member_ids
    if strangers:
        raise ProcedureError(
            f"subjects {sorted(strangers)} are not members scored at {unit.name}; "
            "remove them from the attendance list."
        )
    created = []
    with transaction.atomic():
        for subject_id in sorted(member_ids):
            item = present_item if subject_id in attendee_ids else absent_item
            if not item:
                continue
            created.append(
                declaration_submit(
                    user=user,
                    data=DeclarationInput(
                        key=f"{key}:{subject_id}",
                        subject_id=subject_id,
                        item=item,
                        occurred_on=occurred_on,
                        attributes={},
                        note=note or "attendance list",
                    ),
                )
            )
    return created


# --- preliminary review ----------------------------------------------------------------------


def declaration_review(
    *,
    user,
    declaration: Declaration,
    decision: str,
    reason: str = "",
    attributes: Mapping[str, Any] | None = None,
    quantity: float | None = None,
) -> Declaration:
    """Accept, adjust (with a reason) or reject (with a reason) a declaration.

    Accepting books the event in the ledger in the same transaction; of two reviewers
    accepting at once, the second finds it already reviewed.
    """
    if decision not in ("accept", "adjust", "reject"):
        raise ProcedureError("decision must be accept, adjust or reject.")
    if decision != "accept" and not reason.strip():
        raise ProcedureError(f"to {decision} a declaration give a reason; the member sees it.")
    with transaction.atomic():
        declaration = (
            Declaration.objects.select_for_update().select_related("subject").get(pk=declaration.pk)
        )
        unit = declaration.unit
        held = perm.require(user, unit, perm.REVIEWERS, "preliminary review")
        if declaration.status != DeclarationStatus.SUBMITTED:
            raise ProcedureError(
                f"this declaration is already {declaration.get_status_display()}; "
                "nothing was changed."
            )
        if declaration.declared_by_id == user.pk or declaration.subject_id in perm.own_subject_ids(
            user
        ):
            raise Forbidden("nobody may review their own declaration or their own points.")
        if held == {Role.EVALUATOR}:
            own_units = Subject.objects.filter(user=user).values_list("home_unit_id", flat=True)
            if unit.pk in set(own_units):
                raise Forbidden("an evaluation group reviews another group's area, not its own.")
        if decision == "reject":
            declaration.status = DeclarationStatus.REJECTED
        else:
            merged = {**declaration.attributes, **(attributes or {})}
            amount = declaration.quantity if quantity is None else Decimal(str(quantity))
            try:
                recorded = ledger.event_record(
                    data=ledger.EventInput(
                        key=f"declaration:{declaration.key}",
                        subject_id=declaration.subject_id,
                        item=declaration.item,
                        occurred_on=declaration.occurred_on,
                        attributes=merged,
                        quantity=float(amount),
                    ),
                    user=user,
                    source=Source.DECLARATION,
                )
            except LedgerError as exc:
                raise ProcedureError(str(exc)) from exc
            declaration.attributes = merged
            declaration.quantity = amount
            declaration.event = recorded.event
            declaration.status = DeclarationStatus.ACCEPTED
        declaration.reviewed_by = user
        declaration.reviewed_at = timezone.now()
        declaration.review_reason = reason
        declaration.save()
        _step(
            {"accept": "accepted", "adjust": "adjusted", "reject": "rejected"}[decision],
            user,
            reason,
            declaration=declaration,
        )
    return declaration


# --- publicity -----------------------------------------------------------------------------


def board_publish(
    *, user, unit: OrgUnit, covers_start: date, covers_end: date, today: date | None = None
) -> Board:
    """Put a unit's reviewed declarations of a span on its board for the ruleset's days.

    Idempotent: publishing the same span again adds what was accepted since, if still open.
    """
    today = today or timezone.localdate()
    if user is not None:
        perm.require(user, unit, perm.BOARD_KEEPERS, "publishing the board")
    pending = Declaration.objects.filter(
        unit__path__startswith=unit.path,
        status=DeclarationStatus.ACCEPTED,
        board__isnull=True,
        occurred_on__gte=covers_start,
        occurred_on__lte=covers_end,
    ).select_related("subject")
    first = pending.first()
    try:
        app = applicable_for(unit, first.subject.kind if first else "person", covers_end)
    except RulebookError as exc:
        raise ProcedureError(str(exc)) from exc
    procedure = _procedure(app)
    closes_on = deadline(
        today,
        int(procedure.get("publicity_days", 7)),
        procedure.get("publicity_calendar", "calendar"),
    )
    with transaction.atomic():
        board, created = Board.objects.get_or_create(
            unit=unit,
            ruleset=app.version.ruleset,
            kind=BoardKind.ENTRIES,
            covers_start=covers_start,
            covers_end=covers_end,
            defaults={
                "opened_by": user,
                "closes_on": closes_on,
                "public": bool(first and first.subject.kind == "business"),
            },
        )
        if board.status != BoardStatus.OPEN:
            raise ProcedureError(f"the board for {covers_start}…{covers_end} is already closed.")
        count = pending.select_for_update().update(board=board, status=DeclarationStatus.PUBLICISED)
        if created or count:
            _step("published", user, f"{count} declarations until {board.closes_on}", board=board)
        deadline_schedule(
            kind="board_confirm",
            key=f"board-confirm:{board.pk}",
            due_at=local_moment(board.closes_on + timedelta(days=1), 0, 10),
            payload={"board": board.pk},
        )
    return board


# --- objections --------------------------------------------------------------------------------


def _answer_due(declaration: Declaration, today: date) -> date:
    procedure = _procedure(_applicable(declaration.subject, declaration.occurred_on))
    return deadline(
        today,
        int(procedure.get("objection_answer_days", 7)),
        procedure.get("objection_answer_calendar", "working"),
    )


def objection_raise(
    *, user, declaration: Declaration, reason: str, today: date | None = None
) -> Objection:
    """Object to (or defend against) a declaration while its board is open."""
    today = today or timezone.localdate()
    if not reason.strip():
        raise ProcedureError("an objection needs its reasons.")
    board = declaration.board
    if board is None or declaration.status != DeclarationStatus.PUBLICISED:
        raise ProcedureError("objections can be raised only while the declaration is on a board.")
    if board.status != BoardStatus.OPEN or today > board.closes_on:
        raise ProcedureError(
            f"the publicity period ended on {board.closes_on}; appeal to the superior organisation instead."
        )
    if not perm.roles_over(user, board.unit) and declaration.subject_id not in perm.own_subject_ids(
        user
    ):
        raise Forbidden(f"only people who can see the board of {board.unit.name} may object.")
    with transaction.atomic():
        objection = Objection.objects.create(
            declaration=declaration,
            raised_by=user,
            reason=reason,
            answer_due=_answer_due(declaration, today),
            handled_by=board.unit,
        )
        _step("objection_raised", user, reason, declaration=declaration, objection=objection)
        _schedule_answer_due(objection)
        notify(
            recipients=perm.answerers(board.unit),
            kind="objection_raised",
            title=f"{declaration.subject.name} 的积分有异议，请在 {objection.answer_due} 前答复",
            body=reason,
            dedupe_key=f"objection:{objection.pk}:raised",
        )
    return objection


def objection_answer(*, user, objection: Objection, answer: str, outcome: str) -> Objection:
    """The branch (or, after escalation, the superior) answers; an upheld objection
    withdraws the declaration by reversing its entries."""
    if outcome not in ObjectionOutcome.values:
        raise ProcedureError("outcome must be upheld or dismissed.")
    if not answer.strip():
        raise ProcedureError("write the answer; it is shown to the objector and on the board.")
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update()
            .select_related("declaration", "handled_by")
            .get(pk=objection.pk)
        )
        if objection.status not in OPEN_OBJECTION:
            raise ProcedureError("this objection was already answered.")
        perm.require(user, objection.handled_by, perm.ANSWERERS, "answering an objection")
        declaration = objection.declaration
        if user.pk == objection.raised_by_id or declaration.subject_id in perm.own_subject_ids(
            user
        ):
            raise Forbidden(
                "you cannot answer an objection you raised or one about your own points."
            )
        objection.answer = answer
        objection.outcome = outcome
        objection.answered_by = user
        objection.answered_at = timezone.now()
        objection.status = (
            ObjectionStatus.RESOLVED if objection.escalation_level else ObjectionStatus.ANSWERED
        )
        objection.save()
        if outcome == ObjectionOutcome.UPHELD:
            _withdraw(declaration, user, f"objection upheld: {answer}")
        _step(
            "objection_answered",
            user,
            f"{outcome}: {answer}",
            declaration=declaration,
            objection=objection,
        )
    return objection


def _withdraw(declaration: Declaration, user, reason: str) -> None:
    if declaration.event_id:
        for entry in declaration.event.entries.filter(
            reverses__isnull=True, reversed_by__isnull=True
        ):
            ledger.entry_reverse(entry=entry, reason=reason, user=user)
    declaration.status = DeclarationStatus.WITHDRAWN
    declaration.save(update_fields=["status"])


def objection_appeal(
    *, user, objection: Objection, reason: str, today: date | None = None
) -> Objection:
    """The objector takes an answered objection to the superior organisation (申诉)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if (
            user.pk != objection.raised_by_id
            and objection.declaration.subject_id not in perm.own_subject_ids(user)
        ):
            raise Forbidden("only the objector or the member concerned may appeal.")
        if objection.status != ObjectionStatus.ANSWERED:
            raise ProcedureError(
                "only an answered objection can be appealed; an unanswered one escalates by itself."
            )
        _escalate(objection, user, f"appeal: {reason}", today)
    return objection


def _escalate(objection: Objection, actor, note: str, today: date) -> None:
    parent = OrgUnit.objects.get_parent(objection.handled_by)
    if parent is None:
        raise ProcedureError(
            f"{objection.handled_by.name} has no superior organisation to escalate to."
        )
    objection.handled_by = parent
    objection.escalation_level += 1
    objection.status = ObjectionStatus.ESCALATED
    objection.answer_due = _answer_due(objection.declaration, today)
    objection.save()
    _step(
        "objection_escalated",
        actor,
        f"{note} → {parent.name}",
        declaration=objection.declaration,
        objection=objection,
    )
    _schedule_answer_due(objection)
    subject = objection.declaration.subject.name
    notify(
        recipients=[*perm.answerers(parent), objection.raised_by],
        kind="objection_escalated",
        title=f"关于 {subject} 积分的异议已提交 {parent.name}，答复期限 {objection.answer_due}",
        body=note,
        dedupe_key=f"objection:{objection.pk}:escalated:{objection.escalation_level}",
    )


def _schedule_answer_due(objection: Objection) -> None:
    """The answer deadline is a row; the sweep escalates the objection if it passes."""
    deadline_schedule(
        kind="objection_answer_due",
        key=f"objection-due:{objection.pk}:{objection.escalation_level}",
        due_at=local_moment(objection.answer_due + timedelta(days=1), 0, 20),
        payload={"objection": objection.pk, "level": objection.escalation_level},
    )


def objection_escalate_if_unanswered(
    *, objection_id: int, level: int, today: date | None = None
) -> bool:
    """Escalate one objection whose answer at `level` is overdue (idempotent: an answered
    or already escalated objection is left alone)."""
    today = today or timezone.localdate()
    objection = (
        Objection.objects.select_for_update()
        .select_related("handled_by", "declaration__subject")
        .filter(
            pk=objection_id,
            escalation_level=level,
            status__in=OPEN_OBJECTION,
            answer_due__lt=today,
        )
        .first()
    )
    if objection is None or objection.handled_by.depth == 1:
        return False
    _escalate(objection, None, f"no answer by {objection.answer_due}", today)
    return True


def objections_escalate_overdue(*, today: date | None = None) -> int:
    """Escalate every objection whose answer is overdue (the per-row deadlines do this one
    by one; this catches up in one go, e.g. after an outage). Idempotent."""
    today = today or timezone.localdate()
    with transaction.atomic():
        overdue = list(
            Objection.objects.filter(status__in=OPEN_OBJECTION, answer_due__lt=today).values_list(
                "pk", "escalation_level"
            )
        )
        return sum(
            objection_escalate_if_unanswered(objection_id=pk, level=level, today=today)
            for pk, level in overdue
        )


# --- confirmation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Confirmed:
    confirmed: int
    held_by_objection: int
    awaiting_countersign: int


def board_confirm(*, user, board: Board, today: date | None = None) -> Confirmed:
    """After publicity: confirm what has no open objection (the general meeting's decision)."""
    today = today or timezone.localdate()
    if user is not None:
        perm.require(user, board.unit, perm.BOARD_KEEPERS, "confirming the board")
    if today <= board.closes_on:
        raise ProcedureError(f"publicity runs until {board.closes_on}; confirm after it ends.")
    confirmed = held = countersign = 0
    now = timezone.now()
    with transaction.atomic():
        board = Board.objects.select_for_update().get(pk=board.pk)
        for declaration in board.declarations.select_for_update().filter(
            status=DeclarationStatus.PUBLICISED
        ):
            if declaration.objections.filter(status__in=OPEN_OBJECTION).exists():
                held += 1
                continue
            if declaration.countersign_required and declaration.countersigned_at is None:
                countersign += 1
                continue
            declaration.status = DeclarationStatus.CONFIRMED
            declaration.confirmed_by = user
            declaration.confirmed_at = now
            declaration.save(update_fields=["status", "confirmed_by", "confirmed_at"])
            _step("confirmed", user, declaration=declaration)
            confirmed += 1
        if not held and not countersign and board.status == BoardStatus.OPEN:
            board.status = BoardStatus.CLOSED
            board.closed_at = now
            board.save(update_fields=["status", "closed_at"])
        _step(
            "board_confirmed",
            user,
            f"{confirmed} confirmed, {held} held by objections, {countersign} awaiting countersignature",
            board=board,
        )
    return Confirmed(confirmed, held, countersign)


def declaration_countersign(*, user, declaration: Declaration) -> Declaration:
    """The superior organisation countersigns a branch secretary's scores (§14)."""
    parent = OrgUnit.objects.get_parent(declaration.unit)
    if parent is None:
        raise ProcedureError("a top-level unit has no superior to countersign.")
    perm.require(user, parent, (Role.SUPERIOR, Role.ADMIN), "countersigning a secretary's scores")
    with transaction.atomic():
        declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
        if not declaration.countersign_required:
            raise ProcedureError("this declaration needs no countersignature.")
        declaration.countersigned_by = user
        declaration.countersigned_at = timezone.now()
        # Confirmation itself stays with the board: board_confirm picks it up next time.
        declaration.save(update_fields=["countersigned_by", "countersigned_at"])
        _step("countersigned", user, declaration=declaration)
    return declaration


# --- period close and filing ---------------------------------------------------------------------


def scored_subjects(unit: OrgUnit):
    """Subjects scored under `unit`: homed there (not hosted elsewhere) or hosted there.

    The subtree's unit ids are read first so that PostgreSQL can use the home and host
    indexes; a path prefix on two joined tables made it scan every subject of the tenant
    (20 ms per branch close with 100,000 subjects).
    """
    units = list(OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
    return Subject.objects.filter(
        Q(host_unit_id__in=units) | Q(home_unit_id__in=units, host_unit__isnull=True)
    ).select_related("home_unit", "host_unit")


_ENTRIES_SQL = """
SELECT e.id, e.reverses_id, d.status, e.account_id, e.event_id, ev.key, e.occurred_on,
       e.item, e.bucket, e.points::float8, e.raw_points::float8, e.rule, e."group", e.veto,
       e.escalation
  FROM {entry} e
  LEFT JOIN {event} ev ON ev.id = e.event_id
  LEFT JOIN {declaration} d ON d.event_id = e.event_id
 WHERE e.account_id = ANY(%s)
 ORDER BY e.account_id, e.seq
"""


def confirmed_entries(accounts) -> list[rulesets.LedgerEntry]:
    """Live entries whose event is confirmed: declared and confirmed, or booked directly.

    One query for all `accounts` (entries with their event's key and declaration status),
    so a unit's close costs the same number of round trips whatever its size. Entries come
    in (account, seq) order.

    Written in SQL for the rollover's sake (bench/rollover.py): numerics arrive as floats
    (`::float8` rounds like `float(Decimal)`: both are correctly rounded), and reversed
    pairs are dropped here rather than by a self-join, whose estimate can turn into a scan
    of the whole ledger (a reversal always lives in its original's account). Parallel
    workers are off for the transaction: closes run side by side on few cores, and
    starting workers for a 2,500-row read doubled its time.
    """
    subject_of = {account.pk: str(account.subject_id) for account in accounts}
    if not subject_of:
        return []
    sql = _ENTRIES_SQL.format(
        entry=Entry._meta.db_table,
        event=Event._meta.db_table,
        declaration=Declaration._meta.db_table,
    )
    with connection.cursor() as cursor:
        if not connection.get_autocommit():
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute(sql, [list(subject_of)])
        rows = cursor.fetchall()
    reversed_ids = {row[1] for row in rows if row[1] is not None}
    out = []
    for row in rows:
        entry_id, reverses_id, status, account_id, event_id, key, occurred_on, item = row[:8]
        if reverses_id is not None or entry_id in reversed_ids:
            continue
        if status is not None and status != DeclarationStatus.CONFIRMED:
            continue
        bucket, points, raw_points, rule, group, veto, escalation = row[8:]
        out.append(
            rulesets.LedgerEntry(
                subject_of[account_id],
                f"{event_id or 0:012d}",
                key or "",
                occurred_on,
                item,
                bucket,
                points,
                raw_points,
                rule,
                group or None,
                veto or None,
                escalation or None,
            )
        )
    return out


def _previous_results(
    subject_ids, ruleset, before: date
) -> dict[int, tuple[rulesets.PreviousResult, ...]]:
    rows = (
        PeriodResult.objects.filter(
            subject_id__in=subject_ids, close__ruleset=ruleset, close__period_start__lt=before
        )
        .select_related("close")
        .order_by("subject_id", "-close__period_start")
    )
    out: dict[int, list] = {}
    for row in rows:
        out.setdefault(row.subject_id, []).append(
            rulesets.PreviousResult(
                row.close.period_start,
                float(row.total) if row.total is not None else None,
                row.grade or None,
            )
        )
    return {k: tuple(v) for k, v in out.items()}


RESULT_COLUMNS = (
    "close_id", "subject_id", "category", "total", "buckets", "grade", "rank", "stars",
    "vetoed", "redeemable", "flags", "explain",
)  # fmt: skip


def _results_write(close: PeriodClose, results: Sequence[rulesets.SubjectResult]) -> None:
    """Write a close's results with COPY, in the caller's transaction.

    The rows are what `PeriodResult(...)` would hold; COPY because a unit's results carry
    one explain line per entry, and an ORM bulk insert of that much JSON dominated the
    rollover (see bench/rollover.py).
    """
    table = PeriodResult._meta.db_table
    sql = f"COPY {table} ({', '.join(RESULT_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for r in results:
            copy.write_row(
                (
                    close.pk,
                    int(r.id),
                    r.category,
                    None if r.total is None else Decimal(str(round(r.total, 4))),
                    json.dumps({k: float(v) for k, v in r.buckets.items()}),
                    r.grade or "",
                    r.rank,
                    r.stars,
                    r.vetoed,
                    r.redeemable,
                    json.dumps(list(r.flags)),
                    json.dumps(
                        [
                            {
                                "event": e.event,
                                "item": e.item,
                                "points": e.points,
                                "rule": e.rule,
                            }
                            for e in r.explain
                        ]
                    ),
                )
            )


def period_close(
    *,
    user,
    unit: OrgUnit,
    period_start: date,
    today: date | None = None,
    publish: bool = True,
    allow_unfinished: bool = False,
) -> PeriodClose:
    """Compute totals, grades, ranks and stars from confirmed entries; publish them.

    Refused while declarations of the period are still under way, unless
    `allow_unfinished` (the scheduled rollover): then they do not count, and the unit's
    secretaries are told so. Idempotent: a second close returns the first.
    """
    today = today or timezone.localdate()
    if user is not None:
        perm.require(user, unit, perm.BOARD_KEEPERS, "closing the period")
    subjects = list(scored_subjects(unit))
    kind = subjects[0].kind if subjects else "person"
    try:
        app = applicable_for(unit, kind, period_start)
    except RulebookError as exc:
        raise ProcedureError(str(exc)) from exc
    period = period_containing(app.document, period_start)
    existing = PeriodClose.objects.filter(
        unit=unit, ruleset=app.version.ruleset, period_start=period.start
    ).first()
    if existing:
        return existing
    if period.end >= today:
        raise ProcedureError(f"the period {period.start}…{period.end} has not ended yet.")
    unfinished = Declaration.objects.filter(
        unit__path__startswith=unit.path,
        occurred_on__gte=period.start,
        occurred_on__lte=period.end,
        status__in=[
            DeclarationStatus.SUBMITTED,
            DeclarationStatus.ACCEPTED,
            DeclarationStatus.PUBLICISED,
        ],
    ).count()
    if unfinished and not allow_unfinished:
        raise ProcedureError(
            f"{unfinished} declarations of {period.start}…{period.end} are still under review or on a board; "
            "finish them (confirm or reject) before closing the period."
        )
    with transaction.atomic():
        accounts = list(
            Account.objects.select_for_update()
            .filter(subject__in=subjects, ruleset=app.version.ruleset, period_start=period.start)
            .order_by("pk")
        )
        previous = _previous_results([s.pk for s in subjects], app.version.ruleset, period.start)
        contract_subjects = [
            rulesets.Subject(
                **{**ledger.contract_subject(s).__dict__, "previous": previous.get(s.pk, ())}
            )
            for s in subjects
        ]
        results = rulesets.score_period(
            app.document,
            contract_subjects,
            confirmed_entries(accounts),
            rulesets.Period(period.start, period.end),
            engine=app.engine(),
        )
        close = PeriodClose.objects.create(
            unit=unit, ruleset=app.version.ruleset, ruleset_version=str(app.key),
            period_start=period.start, period_end=period.end, closed_by=user,
        )  # fmt: skip
        _results_write(close, results)
        Account.objects.filter(pk__in=[a.pk for a in accounts]).update(closed_at=timezone.now())
        if publish:
            procedure = _procedure(app)
            close.results_board = Board.objects.create(
                unit=unit, ruleset=app.version.ruleset, kind=BoardKind.RESULTS,
                covers_start=period.start, covers_end=period.end, opened_by=user,
                closes_on=deadline(today, int(procedure.get("publicity_days", 7)), procedure.get("publicity_calendar", "calendar")),
                public=kind == "business",
            )  # fmt: skip
            close.save(update_fields=["results_board"])
        _step("period_closed", user, f"{len(results)} subjects, {app.key}", close=close)
        if unfinished:
            notify(
                recipients=perm.answerers(unit),
                kind="period_closed_with_unfinished",
                title=f"{unit.name} {period.start}…{period.end} 已结算，{unfinished} 条申报未完成评议，未计入",
                dedupe_key=f"close:{close.pk}:unfinished",
            )
    return close


def period_file(*, user, close: PeriodClose) -> PeriodClose:
    """File the closed period with the superior organisation (报上级备案)."""
    if user is not None:
        perm.require(user, close.unit, perm.BOARD_KEEPERS, "filing results")
    parent = OrgUnit.objects.get_parent(close.unit)
    with transaction.atomic():
        close = PeriodClose.objects.select_for_update().get(pk=close.pk)
        if close.status == CloseStatus.FILED:
            return close
        close.status = CloseStatus.FILED
        close.filed_with = parent or close.unit
        close.filed_by = user
        close.filed_at = timezone.now()
        close.save()
        _step("filed", user, f"with {close.filed_with.name}", close=close)
    return close
