"""Step 5: confirmation by the general meeting or committee after publicity, and the
superior organisation's countersignature of a branch secretary's own scores (§14)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jifen import policy
from jifen.ledger import services as ledger
from jifen.ledger.checkpoints import checkpoint_at
from jifen.ledger.errors import PeriodClosed
from jifen.org.models import OrgUnit
from jifen.policy import Action
from jifen.procedure.errors import ProcedureError, StepTooLate
from jifen.procedure.models import Board, BoardStatus, Declaration, DeclarationStatus
from jifen.procedure.services._common import record_text, step
from jifen.procedure.services.objection import OPEN_OBJECTION


@dataclass(frozen=True)
class Confirmed:
    confirmed: int
    held_by_objection: int
    awaiting_countersign: int
    too_late: int = 0


def board_confirm(
    *, actor, board: Board, today: date | None = None, now: datetime | None = None
) -> Confirmed:
    """After publicity: confirm what has no open objection (the general meeting's decision).

    Each confirmation is a ledger entry: from then on the declaration's points count.
    A deadline handler passes the sweep's clock as `now` (the day follows from it), so the
    confirmation is stamped with the sweep's time, not the wall clock's.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    policy.require(actor, Action.CONFIRM_BOARD, board.unit)
    if today <= board.closes_on:
        raise StepTooLate(
            _("publicity runs until %(day)s; confirm after it ends.") % {"day": board.closes_on}
        )
    confirmed = held = countersign = late = 0
    with transaction.atomic():
        board = Board.objects.select_for_update().get(pk=board.pk)
        for declaration in (
            board.declarations.select_for_update(of=("self",))
            .select_related("event")
            .filter(status=DeclarationStatus.PUBLICISED)
        ):
            if declaration.objections.filter(status__in=OPEN_OBJECTION).exists():
                held += 1
                continue
            if declaration.countersign_required and declaration.countersigned_at is None:
                countersign += 1
                continue
            if declaration.event_id:
                try:
                    with transaction.atomic():
                        ledger.event_confirm(actor=actor, event=declaration.event)
                except PeriodClosed as exc:
                    # the rollover closed the period first; the declaration did not count
                    step("not_confirmed", actor, str(exc), declaration=declaration)
                    late += 1
                    continue
            declaration.status = DeclarationStatus.CONFIRMED
            declaration.confirmed_by = actor
            declaration.confirmed_at = now
            declaration.save(update_fields=["status", "confirmed_by", "confirmed_at"])
            step("confirmed", actor, declaration=declaration)
            confirmed += 1
        if not held and not countersign and board.status == BoardStatus.OPEN:
            board.status = BoardStatus.CLOSED
            board.closed_at = now
            board.save(update_fields=["status", "closed_at"])
        values = {"confirmed": confirmed, "held": held, "countersign": countersign, "late": late}
        note = record_text(
            gettext_lazy(
                "%(confirmed)s confirmed, %(held)s held by objections, %(countersign)s "
                "awaiting countersignature"
            ),
            values,
        )
        if late:
            note += record_text(gettext_lazy(", %(late)s too late (period closed)"), values)
        step("board_confirmed", actor, note, board=board)
        # anchor what the meeting confirmed (entries, declarations, this very step)
        board.checkpoint = checkpoint_at(reason="board_confirmed")
        board.save(update_fields=["checkpoint"])
    return Confirmed(confirmed, held, countersign, late)


def declaration_countersign(*, actor, declaration: Declaration) -> Declaration:
    """The superior organisation countersigns a branch secretary's scores (§14)."""
    parent = OrgUnit.objects.get_parent(declaration.unit)
    if parent is None:
        raise ProcedureError(_("a top-level unit has no superior to countersign."))
    policy.require(actor, Action.COUNTERSIGN, parent)
    with transaction.atomic(durable=True):
        declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
        if not declaration.countersign_required:
            raise ProcedureError(_("this declaration needs no countersignature."))
        declaration.countersigned_by = actor
        declaration.countersigned_at = timezone.now()
        # Confirmation itself stays with the board: board_confirm picks it up next time.
        declaration.save(update_fields=["countersigned_by", "countersigned_at"])
        step("countersigned", actor, declaration=declaration)
    return declaration
