"""Deadline rows and their handlers, swept in-process (the worker tests use a real worker).

No test patches the clock: the sweep is given the moment, and handlers act as of it.
"""

import datetime as dt

import pytest
from django.utils import timezone

from jifen.deadlines.models import Deadline, DeadlineStatus
from jifen.deadlines.registry import HANDLERS
from jifen.deadlines.services import deadline_schedule, deadlines_sweep, local_moment
from jifen.notifications.models import Notification
from jifen.procedure import services as procedure
from jifen.procedure.jobs import deadlines_plan
from jifen.procedure.models import BoardStatus, DeclarationStatus, ObjectionStatus, PeriodClose
from jifen.procedure.services import DeclarationInput
from jifen.subjects.models import Subject

TODAY = dt.date(2026, 3, 20)


@pytest.fixture
def users(in_alpha):
    from jifen.access.models import User

    return {u.username: u for u in User.objects.all()}


def _publicised(users, name="甲县党员乙"):
    subject = Subject.objects.get(name=name)
    declaration = procedure.declaration_submit(
        actor=users["member_1"],
        data=DeclarationInput(key=f"d-{name}", subject_id=subject.pk, item="task_not_done",
                              occurred_on=dt.date(2026, 3, 5), attributes={}),
        today=TODAY,
    )  # fmt: skip
    procedure.declaration_review(
        actor=users["secretary_1"], declaration=declaration, decision="accept"
    )
    [board] = procedure.board_publish(actor=users["secretary_1"], unit=declaration.unit,
                                    covers_start=dt.date(2026, 1, 1), covers_end=dt.date(2026, 3, 31),
                                    today=TODAY)  # fmt: skip
    declaration.refresh_from_db()
    return declaration, board


def _sweep(day: dt.date, hour: int = 12):
    return deadlines_sweep(now=local_moment(day, hour))


def test_publicity_deadline_is_a_row_and_the_sweep_confirms_after_it(yongzhou, users):
    declaration, board = _publicised(users)
    row = Deadline.objects.get(key=f"board-confirm:{board.pk}")
    assert row.due_at == local_moment(board.closes_on + dt.timedelta(days=1), 0, 10)
    assert _sweep(board.closes_on).done == 0  # not due yet
    assert _sweep(board.closes_on + dt.timedelta(days=1)).done == 1
    declaration.refresh_from_db()
    board.refresh_from_db()
    assert declaration.status == DeclarationStatus.CONFIRMED and board.status == BoardStatus.CLOSED
    # stamped with the sweep's clock, not the wall clock of the machine running it
    swept = local_moment(board.closes_on + dt.timedelta(days=1), 12)
    assert declaration.confirmed_at == swept and board.closed_at == swept
    # sweeping again changes nothing
    assert _sweep(board.closes_on + dt.timedelta(days=2)).done == 0


def test_unanswered_objection_escalates_once_and_notifies_both_sides(yongzhou, users):
    declaration, _ = _publicised(users)
    objection = procedure.objection_raise(actor=users["member_1"], declaration=declaration,
                                          reason="不属实", today=TODAY)  # fmt: skip
    assert Notification.objects.filter(
        kind="objection_raised", recipient=users["secretary_1"]
    ).exists()
    overdue = objection.answer_due + dt.timedelta(days=1)
    _sweep(overdue)
    _sweep(overdue)  # a second sweep, as a duplicate delivery would
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.ESCALATED and objection.escalation_level == 1
    assert objection.handled_by.name == "甲县一镇党委"
    escalated = Notification.objects.filter(kind="objection_escalated")
    assert sorted(escalated.values_list("recipient__username", flat=True)) == [
        "member_1",
        "township_1",
    ]
    # a second deadline exists for the new level; when it passes, one level further
    assert Deadline.objects.filter(key=f"objection-due:{objection.pk}:1", status="pending").exists()


def test_failing_handler_is_retried_with_backoff_then_left_for_an_operator(in_alpha):
    HANDLERS["always_fails"] = lambda row, now: 1 / 0
    try:
        now = timezone.now()
        deadline_schedule(kind="always_fails", key="bad", due_at=now, payload={})
        for attempt in range(1, 6):
            deadlines_sweep(now=now + dt.timedelta(hours=attempt))
        row = Deadline.objects.get(key="bad")
        assert (row.status, row.attempts) == (DeadlineStatus.FAILED, 5)
        assert "ZeroDivisionError" in row.last_error
    finally:
        del HANDLERS["always_fails"]


def test_planning_is_idempotent(yongzhou, in_alpha):
    created = deadlines_plan(today=TODAY)
    # 永州: review quarterly (4), declaration monthly (12), one rollover, one daily reminder,
    # and the quarter's floating-member reports
    assert created == 4 + 12 + 1 + 1 + 1
    assert deadlines_plan(today=TODAY) == 0


def test_sub_period_end_publishes_every_units_reviewed_entries(yongzhou, users):
    subject = Subject.objects.get(name="甲县党员乙")
    declaration = procedure.declaration_submit(
        actor=users["member_1"],
        data=DeclarationInput(key="q1", subject_id=subject.pk, item="task_not_done",
                              occurred_on=dt.date(2026, 2, 5), attributes={}),
        today=TODAY,
    )  # fmt: skip
    procedure.declaration_review(
        actor=users["secretary_1"], declaration=declaration, decision="accept"
    )
    deadlines_plan(today=TODAY)
    _sweep(dt.date(2026, 4, 1), 3)
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.PUBLICISED
    assert (declaration.board.covers_start, declaration.board.covers_end) == (
        dt.date(2026, 1, 1), dt.date(2026, 3, 31),
    )  # fmt: skip


def test_members_who_declared_nothing_are_reminded_once(yongzhou, users):
    deadlines_plan(today=TODAY)
    _sweep(dt.date(2026, 3, 28), 10)  # 31 March minus 3 days, 09:00 has passed
    reminded = Notification.objects.filter(kind="remind_declare", dedupe_key__contains="2026-03-01")
    assert list(reminded.values_list("recipient__username", flat=True)) == ["member_1"]


def test_rollover_closes_each_scoring_unit_files_it_and_notifies_the_superior(yongzhou, users):
    _, board = _publicised(users)
    procedure.board_confirm(actor=users["secretary_1"], board=board, today=dt.date(2026, 3, 28))
    deadlines_plan(today=TODAY)
    _sweep(dt.date(2027, 1, 1), 3)
    closes = PeriodClose.objects.order_by("unit__path")
    # alpha's subjects are scored in branches 1, 2 and 3 (the floating member in branch 1);
    # in branch 1, 甲 and the floating member tie at 100 for its one 优秀 place
    assert [(c.unit.name, c.status) for c in closes] == [
        ("甲县一支部", "awaiting_decision"), ("甲县二支部", "closed"), ("甲县三支部", "closed"),
    ]  # fmt: skip
    assert Notification.objects.filter(
        kind="quota_decision_needed", recipient=users["secretary_1"]
    ).exists()
    [decision] = closes[0].decisions.all()
    procedure.quota_decide(
        actor=users["secretary_1"], decision=decision,
        chosen_ids=[Subject.objects.get(name="甲县党员甲").pk], reason="议定",
        today=dt.date(2027, 1, 3),
    )  # fmt: skip
    # the results are publicised for 7 days; the sweep files them afterwards
    _sweep(dt.date(2027, 1, 11), 12)
    closes = PeriodClose.objects.order_by("unit__path")
    assert all(c.status == "filed" for c in closes)
    assert {c.filed_with.name for c in closes} == {"甲县一镇党委", "甲县二镇党委"}
    assert (
        Notification.objects.filter(kind="period_filed", recipient=users["township_1"]).count() == 2
    )
    # the new year's deadlines were planned
    assert Deadline.objects.filter(key__startswith="rollover:", key__contains="2027-01-01").exists()
    before = PeriodClose.objects.count()
    _sweep(dt.date(2027, 1, 12))
    assert PeriodClose.objects.count() == before


def test_results_with_an_open_objection_are_filed_after_its_answer(yongzhou, users):
    branch_2 = Subject.objects.get(name="甲县党员丙").home_unit  # 丙 alone: no tie to decide
    [close] = procedure.period_close(
        actor=users["secretary_2"], unit=branch_2, period_start=dt.date(2026, 1, 1),
        today=dt.date(2027, 1, 2),
    )  # fmt: skip
    objection = procedure.objection_raise(
        actor=users["county"], result=close.results.get(), reason="丙的结果需核实",
        today=dt.date(2027, 1, 4),
    )  # fmt: skip
    _sweep(close.results_board.closes_on + dt.timedelta(days=1))
    close.refresh_from_db()
    assert close.status == "closed"  # the publicity ended, but the objection is unanswered
    procedure.objection_answer(
        actor=users["secretary_2"], objection=objection, answer="结果无误", outcome="dismissed"
    )
    _sweep(close.results_board.closes_on + dt.timedelta(days=2))
    close.refresh_from_db()
    assert close.status == "filed"
