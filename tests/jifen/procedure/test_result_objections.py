"""Objections to a period's results while they are publicised: the same answer and appeal
path as objections to entries; an upheld one reopens the results, and filing waits."""

from datetime import date
from decimal import Decimal

import pytest

from jifen.ledger.models import Entry
from jifen.ledger.services import entry_correct
from jifen.procedure import services as procedure
from jifen.procedure.errors import ProcedureError, StepTooLate
from jifen.subjects.models import Subject
from tests.jifen.procedure.test_steps import _on_board


def _subject(name):
    return Subject.objects.get(name=name)


def _closed(users):
    """The branch's 2026 closed on 5 January 2027, results publicised until 12 January."""
    declaration, board = _on_board(users)
    procedure.board_confirm(actor=users["secretary_1"], board=board, today=date(2026, 3, 28))
    [close] = procedure.period_close(
        actor=users["secretary_1"], unit=declaration.unit, period_start=date(2026, 1, 1),
        today=date(2027, 1, 5),
    )  # fmt: skip
    [decision] = close.decisions.all()
    return procedure.quota_decide(
        actor=users["secretary_1"], decision=decision,
        chosen_ids=[_subject("甲县党员甲").pk], reason="议定", today=date(2027, 1, 5),
    )  # fmt: skip


def _object(users, close, name="甲县党员乙", today=date(2027, 1, 7)):
    result = close.results.get(subject=_subject(name))
    return procedure.objection_raise(
        actor=users["member_1"], result=result, reason="乙三月并未缺席，扣分有误", today=today
    )


def test_an_upheld_objection_reopens_the_results_and_filing_waits(yongzhou, users):
    close = _closed(users)
    objection = _object(users, close)
    assert (objection.subject.name, objection.handled_by.name) == ("甲县党员乙", close.unit.name)
    with pytest.raises(ProcedureError, match="1 objections to the results are not answered"):
        procedure.period_file(actor=users["secretary_1"], close=close, today=date(2027, 1, 13))
    procedure.objection_answer(
        actor=users["secretary_1"], objection=objection, answer="核实属实，予以更正",
        outcome="upheld",
    )  # fmt: skip
    close.refresh_from_db()
    assert close.status == "reopened"
    # the accounts reopened: the secretary corrects the entry and closes again
    entry = Entry.objects.get(
        account__subject=_subject("甲县党员乙"), item="task_not_done", kind="booking"
    )
    entry_correct(actor=users["secretary_1"], entry=entry, reason="异议成立，更正")
    [close] = procedure.period_close(
        actor=users["secretary_1"], unit=close.unit, period_start=date(2026, 1, 1),
        today=date(2027, 1, 9),
    )  # fmt: skip
    assert close.status == "closed"
    assert close.results.get(subject=_subject("甲县党员乙")).total == Decimal("100.0000")
    assert close.results_board.closes_on == date(2027, 1, 16)  # publicised again, 7 days
    close = procedure.period_file(actor=users["secretary_1"], close=close, today=date(2027, 1, 17))
    assert close.status == "filed"
    # 2027's holidays are not entered: the answer deadline counted Monday to Friday, and says so
    assert [s.action for s in close.steps.order_by("pk")][-6:] == [
        "objection_raised", "deadline_provisional", "objection_answered", "results_reopened",
        "period_closed_again", "filed",
    ]  # fmt: skip


def test_a_dismissed_objection_can_be_appealed_and_the_superior_decides(yongzhou, users):
    close = _closed(users)
    objection = _object(users, close)
    procedure.objection_answer(
        actor=users["secretary_1"], objection=objection, answer="经核实扣分无误",
        outcome="dismissed",
    )  # fmt: skip
    objection = procedure.objection_appeal(
        actor=users["member_1"], objection=objection, reason="请乡镇党委复核",
        today=date(2027, 1, 8),
    )  # fmt: skip
    assert objection.status == "escalated" and objection.handled_by.name == "甲县一镇党委"
    with pytest.raises(ProcedureError, match="not answered yet"):
        procedure.period_file(actor=users["secretary_1"], close=close, today=date(2027, 1, 13))
    procedure.objection_answer(
        actor=users["township_1"], objection=objection, answer="维持原结果", outcome="dismissed"
    )
    close = procedure.period_file(actor=users["secretary_1"], close=close, today=date(2027, 1, 13))
    assert close.status == "filed"
    assert close.results.get(subject=_subject("甲县党员乙")).total == Decimal("99.9200")


def test_results_cannot_be_objected_to_after_their_publicity(yongzhou, users):
    close = _closed(users)
    with pytest.raises(StepTooLate, match="ended on 2027-01-12"):
        _object(users, close, today=date(2027, 1, 13))
    with pytest.raises(ProcedureError, match="an objection needs its reasons"):
        procedure.objection_raise(
            actor=users["member_1"], result=close.results.first(), reason=" ",
            today=date(2027, 1, 7),
        )  # fmt: skip
