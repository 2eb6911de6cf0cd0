"""The procedure's common refusals in Chinese (the default) and in English."""

from datetime import date

import pytest
from django.utils import translation

from jifen.access.services import token_create
from jifen.procedure import services as procedure
from jifen.procedure.errors import InvalidStep, ProcedureError, StepTooLate
from jifen.subjects.models import Subject
from jifen.testing.clients import TenantClient
from tests.jifen.graphql.conftest import gid
from tests.jifen.procedure.test_result_objections import _closed, _object
from tests.jifen.procedure.test_steps import _on_board, declare


def _subject(name):
    return Subject.objects.get(name=name)


def refusals(error, call):
    """The message `call` is refused with, in Chinese and in English."""
    messages = {}
    for language in ("zh-hans", "en"):
        with translation.override(language), pytest.raises(error) as info:
            call()
        messages[language] = info.value.message
    return messages["zh-hans"], messages["en"]


def _awaiting_decision(users):
    """2026 closed on 5 January 2027: a tie for the one 优秀 place waits for the committee."""
    declaration, board = _on_board(users)
    procedure.board_confirm(actor=users["secretary_1"], board=board, today=date(2026, 3, 28))
    [close] = procedure.period_close(
        actor=users["secretary_1"], unit=declaration.unit, period_start=date(2026, 1, 1),
        today=date(2027, 1, 5),
    )  # fmt: skip
    return close


def test_an_objection_after_the_publicity_is_too_late(yongzhou, users):
    # the board of 20 March is publicised for 7 days, to 27 March
    declaration, _board = _on_board(users)
    zh, en = refusals(
        StepTooLate,
        lambda: procedure.objection_raise(
            actor=users["member_1"],
            declaration=declaration,
            reason="当天请假",
            today=date(2026, 3, 28),
        ),
    )
    assert zh == "公示期已于 2026-03-27 结束；请向上级党组织申诉。"
    assert en == (
        "the publicity period ended on 2026-03-27; appeal to the superior organisation instead."
    )


def test_filing_waits_for_the_end_of_the_results_publicity_and_for_the_answers(yongzhou, users):
    close = _closed(users)  # results publicised until 12 January 2027

    def file_on(day):
        return lambda: procedure.period_file(actor=users["secretary_1"], close=close, today=day)

    zh, en = refusals(StepTooLate, file_on(date(2027, 1, 12)))
    assert zh == "结果公示至 2027-01-12；请在公示结束后报上级备案。"
    assert en == "the results are publicised until 2027-01-12; file them after that."
    _object(users, close)
    zh, en = refusals(ProcedureError, file_on(date(2027, 1, 13)))
    assert zh == "对结果的异议尚有 1 条未答复；请答复后再报上级备案。"
    assert en == "1 objections to the results are not answered yet; answer them before filing."


def test_closing_waits_for_the_declarations_under_way(yongzhou, users):
    declaration = declare(users["member_1"], _subject("甲县党员乙"))
    zh, en = refusals(
        ProcedureError,
        lambda: procedure.period_close(
            actor=users["secretary_1"],
            unit=declaration.unit,
            period_start=date(2026, 1, 1),
            today=date(2027, 1, 5),
        ),
    )
    assert zh == (
        "2026-01-01…2026-12-31 尚有 1 条申报在初审或公示中；请先办结（确认或驳回），再进行结算。"
    )
    assert en == (
        "1 declarations of 2026-01-01…2026-12-31 are still under review or on a board; finish "
        "them (confirm or reject) before closing the period."
    )


def test_a_quota_decision_needs_its_reason_and_an_undecided_close_is_not_filed(yongzhou, users):
    close = _awaiting_decision(users)
    [decision] = close.decisions.all()
    zh, en = refusals(
        InvalidStep,
        lambda: procedure.quota_decide(
            actor=users["secretary_1"],
            decision=decision,
            chosen_ids=[_subject("甲县党员甲").pk],
            reason=" ",
            today=date(2027, 1, 5),
        ),
    )
    assert zh == "请写明支委会选定的理由；理由将记入办理记录。"
    assert en == "say why the committee chose them; it goes in the timeline."
    # the status inserted is the half of its bilingual label in the caller's language
    zh, en = refusals(
        ProcedureError,
        lambda: procedure.period_file(
            actor=users["secretary_1"], close=close, today=date(2027, 1, 13)
        ),
    )
    assert zh == "该期间状态为“待议定”；请先结算再报上级备案。"
    assert en == "the period is Awaiting the committee's decision; close it before filing."


def test_a_host_report_waits_for_the_end_of_the_quarter(yongzhou, users):
    host = _subject("甲县流动党员").host_unit
    zh, en = refusals(
        ProcedureError,
        lambda: procedure.host_reports_send(
            actor=users["secretary_1"],
            host_unit=host,
            quarter_start=date(2026, 1, 1),
            today=date(2026, 3, 31),
        ),
    )
    assert zh == "2026-01-01…2026-03-31 季度尚未结束。"
    assert en == "the quarter 2026-01-01…2026-03-31 has not ended yet."


REVIEW = """mutation($d: ID!, $decision: ReviewDecision!, $reason: String) {
  declarationReview(declaration: $d, decision: $decision, reason: $reason) {
    declaration { status } errors { field code message } } }"""


def _review(users, language, declaration, decision, reason=None):
    token = token_create(user=users["secretary_1"], name="test")
    result = TenantClient("alpha", token, language=language).graphql(
        REVIEW, {"d": gid("Declaration", declaration.pk), "decision": decision, "reason": reason}
    )
    assert "errors" not in result, result["errors"]
    return result["data"]["declarationReview"]["errors"]


def test_a_review_reject_without_a_reason_is_refused_in_the_callers_language(yongzhou, users):
    declaration = declare(users["member_1"], _subject("甲县党员乙"))
    assert _review(users, "zh-hans", declaration, "REJECT") == [
        {
            "field": "reason",
            "code": "VALIDATION_FAILED",
            "message": "驳回申报须写明理由；本人可以看到。",
        }
    ]
    assert _review(users, "en", declaration, "REJECT") == [
        {
            "field": "reason",
            "code": "VALIDATION_FAILED",
            "message": "to reject a declaration give a reason; the member sees it.",
        }
    ]
    zh, en = refusals(
        InvalidStep,
        lambda: procedure.declaration_review(
            actor=users["secretary_1"], declaration=declaration, decision="adjust"
        ),
    )
    assert zh == "调整申报须写明理由；本人可以看到。"
    assert en == "to adjust a declaration give a reason; the member sees it."
    # once rejected, a second review names the status in the caller's language
    procedure.declaration_review(
        actor=users["secretary_1"], declaration=declaration, decision="reject", reason="情况不属实"
    )
    [zh] = _review(users, "zh-hans", declaration, "ACCEPT")
    [en] = _review(users, "en", declaration, "ACCEPT")
    assert zh["message"] == "该申报已是“初审驳回”状态；未作任何更改。"
    assert en["message"] == "this declaration is already Rejected; nothing was changed."
