"""Count the pending deadlines of a year again once its holidays are entered.

A deadline that ran through a year nobody had entered counted Monday to Friday
(`jifen.workdays`); when the year's notice is entered, every open board's publicity and every
open objection's answer deadline that touches the year is counted again from the day it was
first counted, with the same ruleset, and moved (with its deadline row) if it changed.
Idempotent: counting again with nothing new changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from jifen.deadlines.models import Deadline, DeadlineStatus
from jifen.deadlines.services import local_moment
from jifen.procedure.models import Board, BoardKind, BoardStatus, Objection, PeriodClose
from jifen.procedure.services._common import step
from jifen.procedure.services.close import rulesets_in_force
from jifen.procedure.services.objection import OPEN_OBJECTION, _answer_due
from jifen.procedure.services.publicity import publicity_ends


def _moved(key: str, due_at, new_key: str | None = None) -> None:
    fields = {"due_at": due_at} | ({"key": new_key} if new_key else {})
    Deadline.objects.filter(key=key, status=DeadlineStatus.PENDING).update(**fields)


def _counted_from(board: Board) -> tuple[date, PeriodClose | None]:
    close = None
    if board.kind == BoardKind.RESULTS:
        close = PeriodClose.objects.get(results_board=board)
    return board.counted_from or timezone.localdate(board.opened_at), close


def _recount_board(board: Board) -> bool:
    start, close = _counted_from(board)
    apps = [a for a, _k in rulesets_in_force(board.unit, board.covers_end)]
    app = next((a for a in apps if a.version.ruleset_id == board.ruleset_id), None)
    if app is None:
        return False
    new = publicity_ends(app, start).day
    old = board.closes_on
    if new == old:
        return False
    board.closes_on = new
    board.save(update_fields=["closes_on"])
    if close is None:
        _moved(f"board-confirm:{board.pk}", local_moment(new + timedelta(days=1), 0, 10))
    else:
        _moved(
            f"results-file:{close.pk}:{old.isoformat()}",
            local_moment(new + timedelta(days=1), 0, 30),
            new_key=f"results-file:{close.pk}:{new.isoformat()}",
        )
    step("deadline_recounted", None, f"{old} → {new}", board=board)
    return True


def _recount_objection(objection: Objection) -> bool:
    start = objection.due_counted_from or timezone.localdate(objection.raised_at)
    new = _answer_due(objection, start).day
    old = objection.answer_due
    if new == old:
        return False
    objection.answer_due = new
    objection.save(update_fields=["answer_due"])
    _moved(
        f"objection-due:{objection.pk}:{objection.escalation_level}",
        local_moment(new + timedelta(days=1), 0, 20),
    )
    step("deadline_recounted", None, f"{old} → {new}", objection=objection)
    return True


def deadlines_recount(*, year: int) -> int:
    """Count again the open deadlines that touch `year`; returns how many moved."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    moved = 0
    with transaction.atomic():
        boards = Board.objects.select_for_update(of=("self",)).filter(
            status=BoardStatus.OPEN, closes_on__gte=first, opened_at__date__lte=last
        )
        for board in boards.select_related("unit"):
            moved += _recount_board(board)
        objections = Objection.objects.select_for_update(of=("self",)).filter(
            status__in=OPEN_OBJECTION, answer_due__gte=first, raised_at__date__lte=last
        )
        for objection in objections.select_related("subject", "declaration", "close"):
            moved += _recount_objection(objection)
    return moved
