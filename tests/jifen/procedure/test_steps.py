"""Each step of the procedure, and each refusal, on alpha's 永州 ruleset."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jifen.access.services import system_actor
from jifen.errors import PermissionDenied
from jifen.ledger.errors import InvalidEvent
from jifen.ledger.models import Entry
from jifen.procedure import services as procedure
from jifen.procedure.errors import ProcedureError
from jifen.procedure.evidence import evidence_upload
from jifen.procedure.models import Declaration, DeclarationKind, DeclarationStatus, Step
from jifen.procedure.selectors import filing_inbox, timeline
from jifen.procedure.services import DeclarationInput
from jifen.subjects.models import Subject
from jifen.testing.factories import PersonFactory

DAY = date(2026, 3, 5)
TODAY = date(2026, 3, 20)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _subject(name):
    return Subject.objects.get(name=name)


def declare(user, subject, item="task_not_done", key=None, day=DAY, **extra):
    return procedure.declaration_submit(
        actor=user,
        data=DeclarationInput(
            key=key or f"{user.username}:{subject.pk}:{item}:{day}",
            subject_id=subject.pk, item=item, occurred_on=day, attributes={}, **extra,
        ),
        today=TODAY,
    )  # fmt: skip


def test_member_declares_for_themself_with_evidence(yongzhou, users):
    member = users["member_1"]
    with pytest.raises(ProcedureError, match="needs evidence"):
        declare(member, _subject("甲县党员甲"), item="volunteer")
    photo = evidence_upload(user=member, upload=SimpleUploadedFile("志愿服务.png", PNG))
    declaration = declare(member, _subject("甲县党员甲"), item="volunteer", evidence_ids=[photo.pk])
    assert declaration.kind == DeclarationKind.SELF
    assert list(declaration.evidence.all()) == [photo]
    assert [s.action for s in timeline(declaration=declaration)] == ["declared"]


def test_evidence_of_the_wrong_type_or_size_is_refused(yongzhou, users, settings):
    with pytest.raises(ProcedureError, match="not a JPEG, PNG, WebP or PDF"):
        evidence_upload(user=users["member_1"], upload=SimpleUploadedFile("x.png", b"MZ\x90\x00"))
    settings.EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ProcedureError, match="evidence may be at most"):
        evidence_upload(user=users["member_1"], upload=SimpleUploadedFile("x.png", PNG))


def test_member_reports_another_member_of_their_branch(yongzhou, users):
    declaration = declare(users["member_1"], _subject("甲县党员乙"))
    assert declaration.kind == DeclarationKind.REPORT


def test_member_cannot_declare_for_another_branch(yongzhou, users):
    with pytest.raises(PermissionDenied, match="only for yourself"):
        declare(users["member_1"], _subject("甲县党员丙"))


def test_item_restricted_to_recorders_is_refused_to_members(yongzhou, users):
    with pytest.raises(PermissionDenied, match="may be declared only by: recorder"):
        declare(users["member_1"], _subject("甲县党员乙"), item="party_day_absent")


def test_attendance_list_books_absences_for_everyone_not_present(yongzhou, users):
    present = [_subject("甲县党员甲").pk, _subject("甲县流动党员").pk]
    declarations = procedure.attendance_record(
        actor=users["recorder_1"], unit=_subject("甲县党员甲").home_unit, occurred_on=DAY,
        key="party-day-2026-03", attendee_ids=present, absent_item="party_day_absent",
    )  # fmt: skip
    # branch 1 scores 甲、乙 and the floating member it hosts: only 乙 was absent
    assert [(d.subject.name, d.item, d.kind) for d in declarations] == [
        ("甲县党员乙", "party_day_absent", DeclarationKind.RECORD)
    ]


def test_review_accepts_and_books_the_event(yongzhou, users):
    declaration = declare(users["member_1"], _subject("甲县党员乙"))
    reviewed = procedure.declaration_review(
        actor=users["secretary_1"], declaration=declaration, decision="accept"
    )
    assert reviewed.status == DeclarationStatus.ACCEPTED
    assert [(e.bucket, e.points) for e in reviewed.event.entries.all()] == [
        ("duty", Decimal("-1.0000"))
    ]


def test_review_adjusts_or_rejects_only_with_a_reason(yongzhou, users):
    declaration = declare(users["member_1"], _subject("甲县党员乙"))
    with pytest.raises(ProcedureError, match="give a reason"):
        procedure.declaration_review(
            actor=users["secretary_1"], declaration=declaration, decision="reject"
        )
    rejected = procedure.declaration_review(
        actor=users["secretary_1"], declaration=declaration, decision="reject", reason="情况不属实"
    )
    assert rejected.status == DeclarationStatus.REJECTED and rejected.event is None


def test_reviewer_adjusts_case_by_case_points_within_the_items_range(yongzhou, users):
    # 发挥先锋模范作用 (酌情加2-5分): declared at 5, the secretary finds 3 fair
    photo = evidence_upload(user=users["member_1"], upload=SimpleUploadedFile("x.png", PNG))
    with pytest.raises(InvalidEvent, match="points") as missing:
        declare(
            users["member_1"], _subject("甲县党员甲"), item="exemplary", evidence_ids=[photo.pk]
        )
    assert missing.value.field == "attributes.points"
    declaration = procedure.declaration_submit(
        actor=users["member_1"],
        data=DeclarationInput(key="ex-1", subject_id=_subject("甲县党员甲").pk, item="exemplary",
                              occurred_on=DAY, attributes={"points": 5}, evidence_ids=[photo.pk]),
        today=TODAY,
    )  # fmt: skip
    with pytest.raises(InvalidEvent, match="points") as outside:
        procedure.declaration_review(
            actor=users["secretary_1"], declaration=declaration, decision="adjust",
            reason="酌情", attributes={"points": 9},
        )  # fmt: skip
    assert outside.value.field == "attributes.points"
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.SUBMITTED  # nothing half-applied
    adjusted = procedure.declaration_review(
        actor=users["secretary_1"], declaration=declaration, decision="adjust",
        reason="带头作用一般，酌情加3分", attributes={"points": 3},
    )  # fmt: skip
    assert [e.points for e in adjusted.event.entries.all()] == [Decimal("3")]
    assert [(s.action, s.note) for s in timeline(declaration=adjusted)][-1] == (
        "adjusted", "带头作用一般，酌情加3分",
    )  # fmt: skip


def test_nobody_reviews_their_own_declaration_or_points(yongzhou, users):
    own = declare(users["secretary_1"], _subject("甲县党员乙"))
    with pytest.raises(PermissionDenied, match="their own"):
        procedure.declaration_review(actor=users["secretary_1"], declaration=own, decision="accept")


def test_review_needs_a_reviewer_role_over_the_unit(yongzhou, users):
    declaration = declare(users["member_1"], _subject("甲县党员乙"))
    with pytest.raises(PermissionDenied, match="preliminary review"):
        procedure.declaration_review(
            actor=users["recorder_1"], declaration=declaration, decision="accept"
        )
    with pytest.raises(PermissionDenied, match="preliminary review"):
        procedure.declaration_review(
            actor=users["secretary_2"], declaration=declaration, decision="accept"
        )


def test_recorder_and_supervisor_must_be_different_people(yongzhou, users):
    from jifen.org.services import RoleConflict, role_assign

    unit = _subject("甲县党员甲").home_unit
    with pytest.raises(RoleConflict, match="must be someone else"):
        role_assign(actor=users["admin"], user=users["recorder_1"], role="supervisor", unit=unit)


def _on_board(users, subject_name="甲县党员乙"):
    declaration = declare(users["member_1"], _subject(subject_name))
    procedure.declaration_review(
        actor=users["secretary_1"], declaration=declaration, decision="accept"
    )
    [board] = procedure.board_publish(
        actor=users["secretary_1"], unit=declaration.unit,
        covers_start=date(2026, 1, 1), covers_end=date(2026, 3, 31), today=TODAY,
    )  # fmt: skip
    declaration.refresh_from_db()
    return declaration, board


def test_publicity_puts_reviewed_entries_on_the_board_for_seven_days(yongzhou, users):
    declaration, board = _on_board(users)
    assert declaration.status == DeclarationStatus.PUBLICISED and declaration.board == board
    assert board.closes_on == TODAY + timedelta(days=7)  # 永州: 7 calendar days (seed 001)


def test_confirmation_waits_for_the_end_of_publicity(yongzhou, users):
    _, board = _on_board(users)
    with pytest.raises(ProcedureError, match="publicity runs until 2026-03-27"):
        procedure.board_confirm(actor=users["secretary_1"], board=board, today=date(2026, 3, 27))
    result = procedure.board_confirm(
        actor=users["secretary_1"], board=board, today=date(2026, 3, 28)
    )
    assert result.confirmed == 1


def test_the_timeline_is_written_in_the_organisations_language(yongzhou, users):
    from django.utils import translation

    _, board = _on_board(users)
    # a secretary whose browser is in English confirms the board
    with translation.override("en"):
        procedure.board_confirm(actor=users["secretary_1"], board=board, today=date(2026, 3, 28))
    notes = {s.action: s.note for s in Step.objects.filter(board=board)}
    assert notes["published"] == "1 条申报，公示至 2026-03-27"
    assert notes["board_confirmed"] == "确认 1 条，因异议暂缓 0 条，待上级审核 0 条"


def test_open_objection_holds_confirmation_and_an_upheld_one_reverses(yongzhou, users):
    declaration, board = _on_board(users)
    objection = procedure.objection_raise(
        actor=users["member_1"],
        declaration=declaration,
        reason="当天在外培训，有请假条",
        today=TODAY,
    )
    # answer due in 7 working days: 2026-03-20 is a Friday → Monday 30 March … 31 March? count
    assert objection.answer_due == date(2026, 3, 31)
    held = procedure.board_confirm(actor=users["secretary_1"], board=board, today=date(2026, 3, 28))
    assert (held.confirmed, held.held_by_objection) == (0, 1)
    procedure.objection_answer(
        actor=users["secretary_1"], objection=objection, answer="核实请假属实", outcome="upheld"
    )
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.WITHDRAWN
    assert sum(e.points for e in Entry.objects.filter(event=declaration.event)) == 0
    assert [s.action for s in timeline(declaration=declaration)] == [
        "declared", "accepted", "objection_raised", "objection_answered",
    ]  # fmt: skip


def test_objection_after_publicity_is_refused(yongzhou, users):
    declaration, _ = _on_board(users)
    with pytest.raises(ProcedureError, match="publicity period ended on 2026-03-27"):
        procedure.objection_raise(actor=users["member_1"], declaration=declaration, reason="x",
                                  today=date(2026, 3, 28))  # fmt: skip


def test_unanswered_objection_escalates_to_the_superior(yongzhou, users):
    declaration, _ = _on_board(users)
    objection = procedure.objection_raise(actor=users["member_1"], declaration=declaration,
                                          reason="不同意", today=TODAY)  # fmt: skip
    assert (
        procedure.objections_escalate_overdue(actor=system_actor(), today=objection.answer_due) == 0
    )
    assert (
        procedure.objections_escalate_overdue(
            actor=system_actor(), today=objection.answer_due + timedelta(days=1)
        )
        == 1
    )
    objection.refresh_from_db()
    assert objection.handled_by.name == "甲县一镇党委" and objection.escalation_level == 1
    # the branch can no longer answer; the township committee can
    with pytest.raises(PermissionDenied):
        procedure.objection_answer(
            actor=users["secretary_1"], objection=objection, answer="x", outcome="dismissed"
        )
    procedure.objection_answer(
        actor=users["township_1"], objection=objection, answer="维持", outcome="dismissed"
    )


def test_answered_objection_can_be_appealed_to_the_superior(yongzhou, users):
    declaration, _ = _on_board(users)
    objection = procedure.objection_raise(
        actor=users["member_1"], declaration=declaration, reason="不同意", today=TODAY
    )
    procedure.objection_answer(
        actor=users["secretary_1"], objection=objection, answer="维持", outcome="dismissed"
    )
    appealed = procedure.objection_appeal(
        actor=users["member_1"], objection=objection, reason="仍有异议", today=TODAY
    )
    assert (appealed.status, appealed.handled_by.name) == ("escalated", "甲县一镇党委")


def test_secretarys_own_points_need_the_superiors_countersignature(yongzhou, users):
    secretary_subject = PersonFactory(
        name="甲县书记", home_unit=_subject("甲县党员甲").home_unit, user=users["secretary_1"]
    )
    declaration = declare(users["member_1"], secretary_subject)
    assert declaration.countersign_required
    procedure.declaration_review(
        actor=users["supervisor_1"], declaration=declaration, decision="accept"
    )
    [board] = procedure.board_publish(actor=users["secretary_1"], unit=declaration.unit,
                                    covers_start=date(2026, 1, 1), covers_end=date(2026, 3, 31), today=TODAY)  # fmt: skip
    result = procedure.board_confirm(
        actor=users["secretary_1"], board=board, today=date(2026, 3, 28)
    )
    assert result.awaiting_countersign == 1
    with pytest.raises(PermissionDenied):
        procedure.declaration_countersign(actor=users["secretary_1"], declaration=declaration)
    procedure.declaration_countersign(actor=users["township_1"], declaration=declaration)
    again = procedure.board_confirm(
        actor=users["secretary_1"], board=board, today=date(2026, 3, 28)
    )
    assert again.confirmed == 1


def test_a_tie_for_the_last_place_waits_for_the_committee(yongzhou, users):
    declaration, board = _on_board(users)
    procedure.board_confirm(actor=users["secretary_1"], board=board, today=date(2026, 3, 28))
    unit = declaration.unit
    with pytest.raises(ProcedureError, match="has not ended yet"):
        procedure.period_close(
            actor=users["secretary_1"],
            unit=unit,
            period_start=date(2026, 1, 1),
            today=date(2026, 6, 1),
        )
    # 乙 lost 1 duty point in March: (100×11 + 99)/12 = 99.9167. 甲 and the hosted floating
    # member tie at 100 for rank 1, and 优秀 has one third of 3 = 1 place: no tie-break
    # (bonus, points lost) separates them, so the branch committee decides
    [close] = procedure.period_close(
        actor=users["secretary_1"], unit=unit, period_start=date(2026, 1, 1), today=date(2027, 1, 5)
    )
    assert close.status == "awaiting_decision" and not close.results.exists()
    [decision] = close.decisions.all()
    assert (decision.grade, decision.places, decision.rank) == ("excellent", 1, 1)
    assert sorted(decision.tied.values_list("name", flat=True)) == ["甲县党员甲", "甲县流动党员"]
    with pytest.raises(PermissionDenied):
        procedure.quota_decide(
            actor=users["member_1"], decision=decision, chosen_ids=[], reason="x"
        )
    first = _subject("甲县党员甲")
    close = procedure.quota_decide(
        actor=users["secretary_1"], decision=decision, chosen_ids=[first.pk],
        reason="支委会议定：甲带头完成抗洪任务", today=date(2027, 1, 6),
    )  # fmt: skip
    assert close.status == "closed"
    totals = {r.subject.name: (r.total, r.grade) for r in close.results.all()}
    assert totals == {
        "甲县党员甲": (Decimal("100.0000"), "excellent"),
        "甲县流动党员": (Decimal("100.0000"), "qualified"),
        "甲县党员乙": (Decimal("99.9200"), "qualified"),
    }
    steps = [(s.action, s.note) for s in close.steps.order_by("pk")]
    assert steps[0][0] == "decision_needed"
    assert steps[1] == ("quota_decided", "excellent：甲县党员甲（支委会议定：甲带头完成抗洪任务）")
    assert steps[2][0] == "period_closed"


def test_a_closed_period_is_filed_after_its_results_publicity_and_can_be_returned(yongzhou, users):
    declaration, board = _on_board(users)
    procedure.board_confirm(actor=users["secretary_1"], board=board, today=date(2026, 3, 28))
    unit = declaration.unit
    [close] = procedure.period_close(
        actor=users["secretary_1"], unit=unit, period_start=date(2026, 1, 1), today=date(2027, 1, 5)
    )
    [decision] = close.decisions.all()
    close = procedure.quota_decide(
        actor=users["secretary_1"], decision=decision,
        chosen_ids=[_subject("甲县党员甲").pk], reason="议定", today=date(2027, 1, 5),
    )  # fmt: skip
    # the period is closed: nothing more is declared for it
    with pytest.raises(ProcedureError, match="is closed"):
        procedure.declaration_submit(
            actor=users["member_1"],
            data=DeclarationInput(
                key="late",
                subject_id=_subject("甲县党员乙").pk,
                item="task_not_done",
                occurred_on=DAY,
                attributes={},
            ),
            today=date(2027, 1, 6),
        )
    # the results are publicised for 7 days (to 12 January) before they are filed
    with pytest.raises(ProcedureError, match="publicised until 2027-01-12"):
        procedure.period_file(actor=users["secretary_1"], close=close, today=date(2027, 1, 12))
    assert list(filing_inbox(user=users["township_1"])) == []
    close = procedure.period_file(actor=users["secretary_1"], close=close, today=date(2027, 1, 13))
    assert list(filing_inbox(user=users["township_1"])) == [close]
    assert list(filing_inbox(user=users["county"])) == [close]
    assert list(filing_inbox(user=users["secretary_2"])) == []
    # the township returns it: 乙's March deduction was recorded twice over
    with pytest.raises(PermissionDenied):
        procedure.filing_return(actor=users["secretary_1"], close=close, reason="x")
    close = procedure.filing_return(
        actor=users["township_1"], close=close, reason="乙三月扣分有误，请更正后重报"
    )
    assert close.status == "returned"
    # the accounts reopen for the correction; closing again recomputes and republishes
    entry = Entry.objects.get(
        account__subject=_subject("甲县党员乙"), item="task_not_done", kind="booking"
    )
    from jifen.ledger.services import entry_correct

    entry_correct(actor=users["secretary_1"], entry=entry, reason="误记")
    [close] = procedure.period_close(
        actor=users["secretary_1"],
        unit=unit,
        period_start=date(2026, 1, 1),
        today=date(2027, 1, 20),
    )
    assert close.status == "closed"
    assert close.results.get(subject=_subject("甲县党员乙")).total == Decimal("100.0000")
    assert close.results_board.closes_on == date(2027, 1, 27)
    close = procedure.period_file(actor=users["secretary_1"], close=close, today=date(2027, 1, 28))
    close = procedure.filing_accept(actor=users["township_1"], close=close)
    assert close.status == "accepted"
    assert [s.action for s in close.steps.order_by("pk")][-4:] == [
        "filing_returned", "period_closed_again", "filed", "filing_accepted",
    ]  # fmt: skip


def test_closing_is_refused_while_declarations_are_under_way(yongzhou, users):
    declaration = declare(users["member_1"], _subject("甲县党员乙"))
    with pytest.raises(ProcedureError, match=r"1 declarations .* are still under review"):
        procedure.period_close(
            actor=users["secretary_1"],
            unit=declaration.unit,
            period_start=date(2026, 1, 1),
            today=date(2027, 1, 5),
        )
    assert Step.objects.filter(action="period_closed").count() == 0
    assert Declaration.objects.count() == 1
