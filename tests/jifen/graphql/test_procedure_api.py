"""Procedure mutations: allowed, wrong role, another org subtree, another tenant; lists."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jifen.graphql.ids import parse_global_id
from jifen.procedure.models import Board, Declaration, DeclarationStatus
from tests.jifen.graphql.conftest import (
    accepted,
    codes,
    declare,
    gid,
    on_board,
    recent_day,
    subject,
)

SUBMIT = """mutation($input: DeclarationInput!) {
  declarationSubmit(input: $input) {
    declaration { id kind status subjectName timeline { action actor { username } } }
    errors { field code message }
  }
}"""
REVIEW = """mutation($d: ID!, $decision: ReviewDecision!, $reason: String) {
  declarationReview(declaration: $d, decision: $decision, reason: $reason) {
    declaration { status entries { bucket points } } errors { field code message }
  }
}"""
PUBLISH = """mutation($unit: ID!, $start: Date!, $end: Date!) {
  boardPublish(unit: $unit, coversStart: $start, coversEnd: $end) {
    board { id closesOn declarations { item } } errors { code message }
  }
}"""
RAISE = """mutation($d: ID!) { objectionRaise(declaration: $d, reason: "当天请假") {
  objection { id status answerDue } errors { code message } } }"""
ANSWER = """mutation($o: ID!) { objectionAnswer(objection: $o, answer: "核实属实", outcome: UPHELD) {
  objection { status outcome } errors { code message } } }"""
APPEAL = """mutation($o: ID!) { objectionAppeal(objection: $o, reason: "仍有异议") {
  objection { status escalationLevel handledBy { name } } errors { code message } } }"""
CONFIRM = """mutation($b: ID!) { boardConfirm(board: $b) {
  confirmed heldByObjection awaitingCountersign board { status } errors { code message } } }"""
COUNTERSIGN = """mutation($d: ID!) { declarationCountersign(declaration: $d) {
  declaration { countersignedBy { username } } errors { code message } } }"""
CLOSE = """mutation($unit: ID!, $start: Date!) { periodClose(unit: $unit, periodStart: $start) {
  close { id status results { subjectName total grade rank }
    decisions { id grade places rank status tied { name } } } errors { code message } } }"""
DECIDE = """mutation($d: ID!, $chosen: [ID!]!) {
  quotaDecide(decision: $d, chosen: $chosen, reason: "支委会议定") {
  close { status results { subjectName grade } decisions { status chosen { name } reason } }
  errors { field code message } } }"""
ACCEPT = """mutation($c: ID!) { filingAccept(close: $c) { close { status reviewedBy { username } }
  errors { code message } } }"""
RETURN = """mutation($c: ID!) { filingReturn(close: $c, reason: "请更正") { close { status reviewReason }
  errors { code message } } }"""
FILE = """mutation($c: ID!) { periodFile(close: $c) {
  close { status filedWith { name } } errors { code message } } }"""
ATTENDANCE = """mutation($input: AttendanceInput!) { attendanceRecord(input: $input) {
  declarations { subjectName item kind } errors { code message } } }"""


def submit_input(name="甲县党员乙", item="task_not_done", key="api-1"):
    return {
        "input": {
            "key": key,
            "subject": gid("Subject", subject(name).pk),
            "item": item,
            "occurredOn": recent_day().isoformat(),
        }
    }


# --- declarationSubmit ----------------------------------------------------------------------


def test_member_reports_another_member_through_the_api(users, client_for):
    result = client_for("alpha", "member_1").graphql(SUBMIT, submit_input())
    assert codes(result, "declarationSubmit") == []
    declaration = result["data"]["declarationSubmit"]["declaration"]
    assert (declaration["kind"], declaration["status"], declaration["subjectName"]) == (
        "REPORT", "SUBMITTED", "甲县党员乙",
    )  # fmt: skip
    assert declaration["timeline"] == [{"action": "declared", "actor": {"username": "member_1"}}]


def test_submit_refused_for_an_item_of_another_role(users, client_for):
    result = client_for("alpha", "member_1").graphql(SUBMIT, submit_input(item="party_day_absent"))
    assert codes(result, "declarationSubmit") == ["PERMISSION_DENIED"]


def test_submit_for_another_branch_is_not_found(users, client_for):
    result = client_for("alpha", "secretary_2").graphql(SUBMIT, submit_input())
    assert codes(result, "declarationSubmit") == ["NOT_FOUND"]


def test_submit_with_another_tenants_subject_is_not_found(users, fresh_unit, client_for):
    variables = submit_input(name="甲县党员戊")
    assert codes(client_for("beta", "county").graphql(SUBMIT, variables), "declarationSubmit") == [
        "NOT_FOUND"
    ]


def test_submit_future_day_is_invalid_not_a_traceback(users, client_for):
    variables = submit_input()
    variables["input"]["occurredOn"] = (recent_day() + timedelta(days=30)).isoformat()
    result = client_for("alpha", "member_1").graphql(SUBMIT, variables)
    assert codes(result, "declarationSubmit") == ["VALIDATION_FAILED"]
    assert "is in the future" in result["data"]["declarationSubmit"]["errors"][0]["message"]


# --- attendanceRecord ----------------------------------------------------------------------


def attendance_input(unit_pk, attendees):
    return {
        "input": {
            "unit": gid("OrgUnit", unit_pk),
            "occurredOn": recent_day().isoformat(),
            "key": "party-day",
            "attendees": [gid("Subject", subject(n).pk) for n in attendees],
            "absentItem": "party_day_absent",
        }
    }


def test_recorder_records_an_attendance_list(in_alpha, users, client_for):
    variables = attendance_input(in_alpha.branch_1, ["甲县党员甲", "甲县流动党员"])
    result = client_for("alpha", "recorder_1").graphql(ATTENDANCE, variables)
    assert codes(result, "attendanceRecord") == []
    assert result["data"]["attendanceRecord"]["declarations"] == [
        {"subjectName": "甲县党员乙", "item": "party_day_absent", "kind": "RECORD"}
    ]


ATTENDANCE_NOTES = """mutation($input: AttendanceInput!) { attendanceRecord(input: $input) {
  declarations { subjectName item note } errors { field code message } } }"""


def test_a_member_on_leave_with_a_reason_is_not_scored_absent(in_alpha, users, client_for):
    recorder = client_for("alpha", "recorder_1")
    variables = attendance_input(in_alpha.branch_1, ["甲县党员甲"])
    variables["input"]["excused"] = [
        {"subject": gid("Subject", subject("甲县党员乙").pk), "reason": "出差"}
    ]
    result = recorder.graphql(ATTENDANCE_NOTES, variables)["data"]["attendanceRecord"]
    assert result["errors"] == []
    assert [(d["subjectName"], d["item"]) for d in result["declarations"]] == [
        ("甲县流动党员", "party_day_absent")
    ]


def test_leave_gets_the_rulesets_leave_item_with_its_reason(in_alpha, users, client_for):
    recorder = client_for("alpha", "recorder_1")
    variables = attendance_input(in_alpha.branch_1, ["甲县党员甲", "甲县流动党员"])
    variables["input"]["key"] = "party-day-leave"
    variables["input"]["excused"] = [
        {"subject": gid("Subject", subject("甲县党员乙").pk), "reason": "出差"}
    ]
    variables["input"]["excusedItem"] = "party_day_late"  # a ruleset that deducts for leave
    result = recorder.graphql(ATTENDANCE_NOTES, variables)["data"]["attendanceRecord"]
    assert result["declarations"] == [
        {"subjectName": "甲县党员乙", "item": "party_day_late", "note": "请假：出差"}
    ]


def test_an_excuse_needs_a_reason_and_an_absence(in_alpha, users, client_for):
    recorder = client_for("alpha", "recorder_1")
    yi = gid("Subject", subject("甲县党员乙").pk)
    both = attendance_input(in_alpha.branch_1, ["甲县党员乙"])
    both["input"]["excused"] = [{"subject": yi, "reason": "出差"}]
    blank = attendance_input(in_alpha.branch_1, [])
    blank["input"]["excused"] = [{"subject": yi, "reason": "  "}]
    for variables in (both, blank):
        result = recorder.graphql(ATTENDANCE_NOTES, variables)["data"]["attendanceRecord"]
        assert [(e["field"], e["code"]) for e in result["errors"]][:1] == [
            ("excused", "VALIDATION_FAILED")
        ]
        assert result["declarations"] is None
    # nothing was written by the refused lists
    assert not Declaration.objects.filter(subject__name="甲县党员乙").exists()


def test_attendance_refusals(in_alpha, users, fresh_unit, client_for):
    variables = attendance_input(in_alpha.branch_1, ["甲县党员甲"])
    assert codes(
        client_for("alpha", "supervisor_1").graphql(ATTENDANCE, variables), "attendanceRecord"
    ) == ["PERMISSION_DENIED"]
    assert codes(
        client_for("alpha", "secretary_2").graphql(ATTENDANCE, variables), "attendanceRecord"
    ) == ["NOT_FOUND"]
    other = attendance_input(fresh_unit.pk, [])
    assert codes(client_for("beta", "county").graphql(ATTENDANCE, other), "attendanceRecord") == [
        "NOT_FOUND"
    ]


# --- declarationReview ---------------------------------------------------------------------


def test_secretary_accepts_and_the_entries_show(users, client_for):
    declaration = declare(users["member_1"])
    result = client_for("alpha", "secretary_1").graphql(
        REVIEW, {"d": gid("Declaration", declaration.pk), "decision": "ACCEPT"}
    )
    assert codes(result, "declarationReview") == []
    assert result["data"]["declarationReview"]["declaration"] == {
        "status": "ACCEPTED",
        "entries": [{"bucket": "duty", "points": "-1.0000"}],
    }


LEDGER = """query($item: String, $from: Date, $to: Date) {
  declarations(item: $item, occurredFrom: $from, occurredTo: $to) {
  totalCount edges { node { item occurredOn } } } }"""


def test_the_ledger_narrows_declarations_to_an_item_and_a_span_of_days(users, client_for):
    days = [recent_day() - timedelta(days=n) for n in (0, 10)]
    for day in days:
        declare(users["member_1"], item="task_not_done", day=day)
    declare(users["member_1"], item="task_refused", day=days[0])
    secretary = client_for("alpha", "secretary_1")

    def read(**variables):
        found = secretary.graphql(LEDGER, variables)["data"]["declarations"]["edges"]
        return sorted((e["node"]["item"], e["node"]["occurredOn"]) for e in found)

    recent, earlier = (d.isoformat() for d in days)
    assert read(item="task_not_done") == [("task_not_done", earlier), ("task_not_done", recent)]
    assert read(**{"from": recent, "to": recent}) == [
        ("task_not_done", recent), ("task_refused", recent),
    ]  # fmt: skip
    assert read(item="task_not_done", to=earlier) == [("task_not_done", earlier)]


def test_review_refusals(users, client_for):
    declaration = declare(users["member_1"])
    variables = {"d": gid("Declaration", declaration.pk), "decision": "ACCEPT"}
    assert codes(client_for("alpha", "recorder_1").graphql(REVIEW, variables), "declarationReview") == ["PERMISSION_DENIED"]  # fmt: skip
    assert codes(client_for("alpha", "secretary_2").graphql(REVIEW, variables), "declarationReview") == ["NOT_FOUND"]  # fmt: skip
    assert codes(client_for("beta", "county").graphql(REVIEW, variables), "declarationReview") == ["NOT_FOUND"]  # fmt: skip
    rejected = client_for("alpha", "secretary_1").graphql(
        REVIEW, {**variables, "decision": "REJECT"}
    )
    assert codes(rejected, "declarationReview") == ["VALIDATION_FAILED"]  # it needs a reason


# --- boardPublish ----------------------------------------------------------------------------


def test_secretary_publishes_the_board(in_alpha, users, client_for):
    declaration = accepted(users)
    day = declaration.occurred_on.isoformat()
    result = client_for("alpha", "secretary_1").graphql(
        PUBLISH, {"unit": gid("OrgUnit", in_alpha.branch_1), "start": day, "end": day}
    )
    assert codes(result, "boardPublish") == []
    board = result["data"]["boardPublish"]["board"]
    assert board["declarations"] == [{"item": "task_not_done"}]
    assert date.fromisoformat(board["closesOn"]) - date.today() == timedelta(days=7)


def test_publish_refusals(in_alpha, users, fresh_unit, client_for):
    day = recent_day().isoformat()
    variables = {"unit": gid("OrgUnit", in_alpha.branch_1), "start": day, "end": day}
    assert codes(client_for("alpha", "recorder_1").graphql(PUBLISH, variables), "boardPublish") == ["PERMISSION_DENIED"]  # fmt: skip
    assert codes(client_for("alpha", "secretary_2").graphql(PUBLISH, variables), "boardPublish") == ["NOT_FOUND"]  # fmt: skip
    other = {**variables, "unit": gid("OrgUnit", fresh_unit.pk)}
    assert codes(client_for("beta", "county").graphql(PUBLISH, other), "boardPublish") == ["NOT_FOUND"]  # fmt: skip


# --- objections --------------------------------------------------------------------------------


def test_member_objects_and_the_secretary_upholds(users, client_for):
    declaration, _ = on_board(users)
    raised = client_for("alpha", "member_1").graphql(
        RAISE, {"d": gid("Declaration", declaration.pk)}
    )
    assert codes(raised, "objectionRaise") == []
    objection_id = raised["data"]["objectionRaise"]["objection"]["id"]
    answered = client_for("alpha", "secretary_1").graphql(ANSWER, {"o": objection_id})
    assert codes(answered, "objectionAnswer") == []
    assert answered["data"]["objectionAnswer"]["objection"] == {
        "status": "ANSWERED", "outcome": "UPHELD",
    }  # fmt: skip
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.WITHDRAWN


def test_objection_refusals(users, client_for):
    declaration, _ = on_board(users)
    variables = {"d": gid("Declaration", declaration.pk)}
    assert codes(client_for("alpha", "secretary_2").graphql(RAISE, variables), "objectionRaise") == ["NOT_FOUND"]  # fmt: skip
    assert codes(client_for("beta", "county").graphql(RAISE, variables), "objectionRaise") == ["NOT_FOUND"]  # fmt: skip
    raised = client_for("alpha", "member_1").graphql(RAISE, variables)
    objection = {"o": raised["data"]["objectionRaise"]["objection"]["id"]}
    # the objector cannot answer their own objection; recorders may not answer at all
    assert codes(client_for("alpha", "member_1").graphql(ANSWER, objection), "objectionAnswer") == ["PERMISSION_DENIED"]  # fmt: skip
    assert codes(client_for("alpha", "recorder_1").graphql(ANSWER, objection), "objectionAnswer") == ["PERMISSION_DENIED"]  # fmt: skip
    assert codes(client_for("alpha", "secretary_2").graphql(ANSWER, objection), "objectionAnswer") == ["NOT_FOUND"]  # fmt: skip
    assert codes(client_for("beta", "county").graphql(ANSWER, objection), "objectionAnswer") == ["NOT_FOUND"]  # fmt: skip


def test_objector_appeals_to_the_township(users, client_for):
    declaration, _ = on_board(users)
    raised = client_for("alpha", "member_1").graphql(
        RAISE, {"d": gid("Declaration", declaration.pk)}
    )
    objection = {"o": raised["data"]["objectionRaise"]["objection"]["id"]}
    assert codes(client_for("alpha", "member_1").graphql(APPEAL, objection), "objectionAppeal") == ["INVALID_STATE"]  # fmt: skip
    dismissed = ANSWER.replace("UPHELD", "DISMISSED")
    client_for("alpha", "secretary_1").graphql(dismissed, objection)
    assert codes(client_for("alpha", "secretary_1").graphql(APPEAL, objection), "objectionAppeal") == ["PERMISSION_DENIED"]  # fmt: skip
    assert codes(client_for("alpha", "secretary_2").graphql(APPEAL, objection), "objectionAppeal") == ["NOT_FOUND"]  # fmt: skip
    assert codes(client_for("beta", "county").graphql(APPEAL, objection), "objectionAppeal") == ["NOT_FOUND"]  # fmt: skip
    appealed = client_for("alpha", "member_1").graphql(APPEAL, objection)
    assert appealed["data"]["objectionAppeal"]["objection"] == {
        "status": "ESCALATED", "escalationLevel": 1, "handledBy": {"name": "甲县一镇党委"},
    }  # fmt: skip


# --- confirmation and countersignature -------------------------------------------------------


def _publicity_over(board):
    # The services take today's date; the API uses the real one. Instead of waiting seven
    # days, move the last day of publicity to yesterday, as if the board had been opened
    # a week ago.
    Board.objects.filter(pk=board.pk).update(closes_on=date.today() - timedelta(days=1))


def test_secretary_confirms_after_publicity(users, client_for):
    _, board = on_board(users)
    variables = {"b": gid("Board", board.pk)}
    early = client_for("alpha", "secretary_1").graphql(CONFIRM, variables)
    assert codes(early, "boardConfirm") == ["DEADLINE_PASSED"]
    _publicity_over(board)
    result = client_for("alpha", "secretary_1").graphql(CONFIRM, variables)
    assert codes(result, "boardConfirm") == []
    assert (result["data"]["boardConfirm"]["confirmed"], result["data"]["boardConfirm"]["board"]) == (
        1, {"status": "CLOSED"},
    )  # fmt: skip


def test_confirm_refusals(users, client_for):
    _, board = on_board(users)
    _publicity_over(board)
    variables = {"b": gid("Board", board.pk)}
    assert codes(client_for("alpha", "member_1").graphql(CONFIRM, variables), "boardConfirm") == ["PERMISSION_DENIED"]  # fmt: skip
    assert codes(client_for("alpha", "secretary_2").graphql(CONFIRM, variables), "boardConfirm") == ["NOT_FOUND"]  # fmt: skip
    assert codes(client_for("beta", "county").graphql(CONFIRM, variables), "boardConfirm") == ["NOT_FOUND"]  # fmt: skip


def test_township_countersigns_a_secretarys_points(users, client_for):
    from jifen.testing.factories import PersonFactory

    PersonFactory(
        name="甲县书记", home_unit=subject("甲县党员甲").home_unit, user=users["secretary_1"]
    )
    declaration = declare(users["member_1"], "甲县书记")
    declare(users["member_1"])  # an ordinary member's: no countersignature
    variables = {"d": gid("Declaration", declaration.pk)}
    township = client_for("alpha", "township_1")
    pending = "{ declarations(countersignPending: true) { totalCount edges { node { id } } } }"
    assert township.graphql(pending)["data"]["declarations"] == {
        "totalCount": 1, "edges": [{"node": {"id": variables["d"]}}],
    }  # fmt: skip
    assert codes(client_for("alpha", "secretary_1").graphql(COUNTERSIGN, variables), "declarationCountersign") == ["PERMISSION_DENIED"]  # fmt: skip
    assert codes(client_for("alpha", "secretary_2").graphql(COUNTERSIGN, variables), "declarationCountersign") == ["NOT_FOUND"]  # fmt: skip
    assert codes(client_for("beta", "county").graphql(COUNTERSIGN, variables), "declarationCountersign") == ["NOT_FOUND"]  # fmt: skip
    result = client_for("alpha", "township_1").graphql(COUNTERSIGN, variables)
    assert codes(result, "declarationCountersign") == []
    assert result["data"]["declarationCountersign"]["declaration"] == {
        "countersignedBy": {"username": "township_1"}
    }
    assert township.graphql(pending)["data"]["declarations"]["totalCount"] == 0


# --- period close and filing -------------------------------------------------------------------


def last_year():
    return date(date.today().year - 1, 1, 1).isoformat()


def _closed_and_decided(in_alpha, client_for):
    """Last year closed for branch 1: 甲 and the floating member tie for its one 优秀 place,
    and the secretary's committee decides for 甲."""
    secretary = client_for("alpha", "secretary_1")
    closed = secretary.graphql(
        CLOSE, {"unit": gid("OrgUnit", in_alpha.branch_1), "start": last_year()}
    )
    assert codes(closed, "periodClose") == []
    close = closed["data"]["periodClose"]["close"]
    assert (close["status"], close["results"]) == ("AWAITING_DECISION", [])
    [decision] = close["decisions"]
    assert (decision["grade"], decision["places"], decision["status"]) == ("excellent", 1, "OPEN")
    assert sorted(t["name"] for t in decision["tied"]) == [
        "甲县党员乙",
        "甲县党员甲",
        "甲县流动党员",
    ]
    chosen = {"d": decision["id"], "chosen": [gid("Subject", subject("甲县党员甲").pk)]}
    assert codes(client_for("alpha", "member_1").graphql(DECIDE, chosen), "quotaDecide") == ["PERMISSION_DENIED"]  # fmt: skip
    decided = secretary.graphql(DECIDE, chosen)["data"]["quotaDecide"]
    assert decided["close"]["status"] == "CLOSED"
    assert decided["close"]["decisions"] == [
        {"status": "DECIDED", "chosen": [{"name": "甲县党员甲"}], "reason": "支委会议定"}
    ]
    grades = {r["subjectName"]: r["grade"] for r in decided["close"]["results"]}
    assert grades == {
        "甲县党员甲": "excellent",
        "甲县流动党员": "qualified",
        "甲县党员乙": "qualified",
    }
    return close["id"]


def _results_board(close_id):
    return Board.objects.filter(period_close=int(parse_global_id(close_id)[1]))


def _results_publicity_over(close_id):
    _results_board(close_id).update(closes_on=date.today() - timedelta(days=1))


def test_secretary_closes_last_year_the_committee_decides_a_tie_and_files_it(
    in_alpha, users, client_for
):
    close = _closed_and_decided(in_alpha, client_for)
    secretary = client_for("alpha", "secretary_1")
    early = secretary.graphql(FILE, {"c": close})
    assert codes(early, "periodFile") == ["DEADLINE_PASSED"]  # the results are still publicised
    _results_publicity_over(close)
    filed = secretary.graphql(FILE, {"c": close})
    assert filed["data"]["periodFile"] == {
        "close": {"status": "FILED", "filedWith": {"name": "甲县一镇党委"}}, "errors": [],
    }  # fmt: skip
    assert codes(secretary.graphql(ACCEPT, {"c": close}), "filingAccept") == ["PERMISSION_DENIED"]
    assert codes(client_for("alpha", "secretary_2").graphql(ACCEPT, {"c": close}), "filingAccept") == ["NOT_FOUND"]  # fmt: skip
    accepted = client_for("alpha", "township_1").graphql(ACCEPT, {"c": close})["data"]
    assert accepted["filingAccept"] == {
        "close": {"status": "ACCEPTED", "reviewedBy": {"username": "township_1"}}, "errors": [],
    }  # fmt: skip


def test_the_superior_returns_a_filing_for_correction(in_alpha, users, client_for):
    close = _closed_and_decided(in_alpha, client_for)
    _results_publicity_over(close)
    client_for("alpha", "secretary_1").graphql(FILE, {"c": close})
    returned = client_for("alpha", "county").graphql(RETURN, {"c": close})["data"]
    assert returned["filingReturn"] == {
        "close": {"status": "RETURNED", "reviewReason": "请更正"}, "errors": [],
    }  # fmt: skip
    # the superior's inbox keeps it, with the reason, until the branch closes it again
    inbox = "{ filingInbox { edges { node { id status reviewReason } } } }"
    township = client_for("alpha", "township_1")
    assert township.graphql(inbox)["data"]["filingInbox"]["edges"] == [
        {"node": {"id": close, "status": "RETURNED", "reviewReason": "请更正"}}
    ]


def test_an_accepted_filing_shows_no_reason_of_an_earlier_return(in_alpha, users, client_for):
    from jifen.procedure.models import CloseStatus, PeriodClose

    close = _closed_and_decided(in_alpha, client_for)
    _results_publicity_over(close)
    secretary, township = client_for("alpha", "secretary_1"), client_for("alpha", "township_1")
    secretary.graphql(FILE, {"c": close})
    township.graphql(RETURN, {"c": close})
    # corrected and filed again (as closing again and a second publicity would leave it)
    PeriodClose.objects.filter(pk=int(parse_global_id(close)[1])).update(status=CloseStatus.CLOSED)
    secretary.graphql(FILE, {"c": close})
    township.graphql(ACCEPT, {"c": close})
    read = township.graphql(CLOSE_REVIEW, {"c": close})["data"]["node"]
    assert read["status"] == "ACCEPTED" and read["reviewReason"] == ""
    assert [s["action"] for s in read["timeline"] if s["action"].startswith("filing_")] == [
        "filing_returned", "filing_accepted",
    ]  # fmt: skip


CLOSE_REVIEW = """query($c: ID!) { node(id: $c) { ... on PeriodClose {
  status reviewReason timeline { action } } } }"""


RAISE_ON_RESULT = """mutation($c: ID!, $s: ID!) {
  objectionRaise(close: $c, subject: $s, reason: "乙的年度结果有误") {
  objection { id status subjectName declaration { id } close { status } } errors { code field } } }"""
CLOSE_OBJECTIONS = """query($c: ID!) { node(id: $c) { ... on PeriodClose {
  objections { status subjectName } timeline { action } } } }"""


def test_a_member_objects_to_a_result_and_filing_waits_for_the_answer(in_alpha, users, client_for):
    close = _closed_and_decided(in_alpha, client_for)
    member = client_for("alpha", "member_1")
    other = {"c": close, "s": gid("Subject", subject("甲县党员丁").pk)}  # not in this close
    assert codes(member.graphql(RAISE_ON_RESULT, other), "objectionRaise") == ["NOT_FOUND"]
    variables = {"c": close, "s": gid("Subject", subject("甲县党员乙").pk)}
    raised = member.graphql(RAISE_ON_RESULT, variables)["data"]["objectionRaise"]
    assert raised["errors"] == []
    assert {k: raised["objection"][k] for k in ("status", "subjectName", "declaration", "close")} == {
        "status": "OPEN", "subjectName": "甲县党员乙", "declaration": None,
        "close": {"status": "CLOSED"},
    }  # fmt: skip
    _results_publicity_over(close)
    secretary = client_for("alpha", "secretary_1")
    assert codes(secretary.graphql(FILE, {"c": close}), "periodFile") == ["INVALID_STATE"]
    answered = secretary.graphql(ANSWER, {"o": raised["objection"]["id"]})
    assert codes(answered, "objectionAnswer") == []  # upheld: the results reopen
    read = secretary.graphql(CLOSE_OBJECTIONS, {"c": close})["data"]["node"]
    assert read["objections"] == [{"status": "ANSWERED", "subjectName": "甲县党员乙"}]
    assert [s["action"] for s in read["timeline"]][-3:] == [
        "objection_raised", "objection_answered", "results_reopened",
    ]  # fmt: skip


RESULTS_BOARDS = """{ boards(first: 50) { edges { node { kind periodClose { id }
  results { id subjectName subject { id } } } } } }"""
RAISE_ON_RESULT_ROW = """mutation($r: ID!) { objectionRaise(result: $r, reason: "乙的年度结果有误") {
  objection { status subjectName close { status } } errors { code field } } }"""


def test_a_member_objects_to_a_result_from_the_results_board(in_alpha, users, client_for):
    close = _closed_and_decided(in_alpha, client_for)
    member = client_for("alpha", "member_1")
    edges = member.graphql(RESULTS_BOARDS)["data"]["boards"]["edges"]
    board = next(e["node"] for e in edges if e["node"]["kind"] == "RESULTS")
    assert board["periodClose"] == {"id": close}
    # a member does not see another member's record, but can name the result on the board
    row = next(r for r in board["results"] if r["subjectName"] == "甲县党员乙")
    assert row["subject"] is None
    raised = member.graphql(RAISE_ON_RESULT_ROW, {"r": row["id"]})
    assert raised["data"]["objectionRaise"] == {
        "objection": {"status": "OPEN", "subjectName": "甲县党员乙", "close": {"status": "CLOSED"}},
        "errors": [],
    }
    # another branch's secretary and another tenant cannot name it
    for other in (client_for("alpha", "secretary_2"), client_for("beta", "county")):
        refused = other.graphql(RAISE_ON_RESULT_ROW, {"r": row["id"]})
        assert codes(refused, "objectionRaise") == ["NOT_FOUND"]
    # the public reading the same board (made public) is not shown the close
    _results_board(close).update(public=True)
    public = client_for("alpha").graphql(RESULTS_BOARDS)["data"]["boards"]["edges"]
    assert [e["node"]["periodClose"] for e in public if e["node"]["kind"] == "RESULTS"] == [None]


def test_close_and_file_refusals(in_alpha, users, fresh_unit, client_for):
    variables = {"unit": gid("OrgUnit", in_alpha.branch_1), "start": last_year()}
    assert codes(client_for("alpha", "recorder_1").graphql(CLOSE, variables), "periodClose") == ["PERMISSION_DENIED"]  # fmt: skip
    assert codes(client_for("alpha", "secretary_2").graphql(CLOSE, variables), "periodClose") == ["NOT_FOUND"]  # fmt: skip
    other = {**variables, "unit": gid("OrgUnit", fresh_unit.pk)}
    assert codes(client_for("beta", "county").graphql(CLOSE, other), "periodClose") == ["NOT_FOUND"]  # fmt: skip
    close = {"c": _closed_and_decided(in_alpha, client_for)}
    assert codes(client_for("alpha", "member_1").graphql(FILE, close), "periodFile") == ["PERMISSION_DENIED"]  # fmt: skip
    assert codes(client_for("alpha", "secretary_2").graphql(FILE, close), "periodFile") == ["NOT_FOUND"]  # fmt: skip
    assert codes(client_for("beta", "county").graphql(FILE, close), "periodFile") == ["NOT_FOUND"]  # fmt: skip


# --- lists and their query counts -------------------------------------------------------------

DECLARATIONS = """{ declarations(first: 100) { totalCount edges { node {
  item status subjectName unit { name } declaredBy { username } board { closesOn } } } } }"""
BOARDS = """{ boards(first: 100) { totalCount edges { node {
  kind closesOn public unit { name } declarations { item subjectName } } } } }"""
OBJECTIONS = """{ objections(first: 100) { totalCount edges { node {
  status reason handledBy { name } raisedBy { username } declaration { item } } } } }"""


def _count(client, query):
    with CaptureQueriesContext(connection) as queries:
        result = client.graphql(query)
    assert "errors" not in result, result["errors"]
    return len(queries), result


@pytest.mark.parametrize("query", [DECLARATIONS, BOARDS, OBJECTIONS])
def test_list_queries_do_not_grow_with_rows(users, client_for, query):
    client = client_for("alpha", "secretary_1")
    first, _ = on_board(users, "甲县党员乙")
    client_for("alpha", "member_1").graphql(RAISE, {"d": gid("Declaration", first.pk)})
    _count(client, query)  # warm up: the first request fills per-process caches
    few, _ = _count(client, query)
    for n in range(4):
        declaration = declare(users["member_1"], "甲县党员乙", key=f"more-{n}")
        from jifen.procedure import services as procedure

        procedure.declaration_review(
            actor=users["secretary_1"], declaration=declaration, decision="accept"
        )
        day = declaration.occurred_on - timedelta(days=n + 1)
        procedure.board_publish(actor=users["secretary_1"], unit=declaration.unit, covers_start=day, covers_end=declaration.occurred_on)  # fmt: skip
        declaration.refresh_from_db()
        client_for("alpha", "member_1").graphql(RAISE, {"d": gid("Declaration", declaration.pk)})
    many, result = _count(client, query)
    assert result["data"][next(iter(result["data"]))]["totalCount"] >= 5
    assert many == few


def test_members_see_their_units_board_and_others_only_public_boards(in_alpha, users, client_for):
    on_board(users)
    query = "{ boards(first: 50) { totalCount edges { node { declarations { subjectName } } } } }"
    member = client_for("alpha", "member_1").graphql(query)["data"]["boards"]
    assert member["totalCount"] == 1
    assert client_for("alpha", "secretary_2").graphql(query)["data"]["boards"]["totalCount"] == 0
    assert client_for("alpha").graphql(query)["data"]["boards"]["totalCount"] == 0


def test_anonymous_reads_public_boards_only(in_alpha, users, client_for):
    _, board = on_board(users)
    query = """query($id: ID!) { board(id: $id) { public unit { name }
      declarations { subjectName subject { name } } } }"""
    variables = {"id": gid("Board", board.pk)}
    assert client_for("alpha").graphql(query, variables)["data"]["board"] is None
    Board.objects.filter(pk=board.pk).update(public=True)  # as for food sellers' grades
    public = client_for("alpha").graphql(query, variables)["data"]["board"]
    # the name is on the board, masked on a deduction; the subject's record stays private
    assert public == {
        "public": True,
        "unit": {"name": "甲县一支部"},
        "declarations": [{"subjectName": "甲****", "subject": None}],
    }
    assert client_for("alpha").graphql("{ boards { totalCount } }")["data"]["boards"] == {
        "totalCount": 1
    }


# --- floating members' quarterly reports ------------------------------------------------------

SEND = """mutation($u: ID!, $q: Date!) { hostReportsSend(unit: $u, quarterStart: $q) {
  reports { id status homeUnit { name } lines { subjectName points entries } }
  errors { code message } } }"""
REPORTS = """{ hostReports { totalCount edges { node { status hostUnit { name } } } } }"""
ACCEPT_REPORT = """mutation($r: ID!) { hostReportAccept(report: $r) {
  report { status reviewedBy { username } timeline { action } } errors { code } } }"""


def test_the_host_sends_its_quarterly_report_and_the_home_accepts_it(in_alpha, users, client_for):
    from jifen.access.services import system_actor
    from jifen.ledger.services import EventInput, event_record

    today = date.today()
    last_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - timedelta(days=1)
    floating = subject("甲县流动党员")
    event_record(actor=system_actor(), data=EventInput(
        key="f-vol", subject_id=floating.pk, item="volunteer", occurred_on=last_quarter))  # fmt: skip
    variables = {"u": gid("OrgUnit", in_alpha.branch_1), "q": last_quarter.isoformat()}
    assert codes(client_for("alpha", "member_1").graphql(SEND, variables), "hostReportsSend") == ["PERMISSION_DENIED"]  # fmt: skip
    sent = client_for("alpha", "secretary_1").graphql(SEND, variables)["data"]["hostReportsSend"]
    [report] = sent["reports"]
    assert (report["status"], report["homeUnit"]["name"]) == ("FILED", "甲县三支部")
    assert [(line["subjectName"], line["points"]) for line in report["lines"]] == [
        ("甲县流动党员", "2.0000")
    ]
    assert client_for("alpha", "secretary_2").graphql(REPORTS)["data"]["hostReports"]["totalCount"] == 0  # fmt: skip
    assert client_for("alpha", "county").graphql(REPORTS)["data"]["hostReports"]["totalCount"] == 1
    accepted_ = client_for("alpha", "county").graphql(ACCEPT_REPORT, {"r": report["id"]})
    assert accepted_["data"]["hostReportAccept"]["report"] == {
        "status": "ACCEPTED", "reviewedBy": {"username": "county"},
        "timeline": [{"action": "host_report_sent"}, {"action": "host_report_accepted"}],
    }  # fmt: skip


HISTORY = """query($s: ID!) { subjectResults(subject: $s) { total grade rank
  close { periodStart periodEnd ruleset unit { name } } } }"""


def test_a_member_reads_their_results_over_the_periods(in_alpha, users, client_for):
    _closed_and_decided(in_alpha, client_for)
    own = {"s": gid("Subject", subject("甲县党员甲").pk)}  # member_1's own subject
    history = client_for("alpha", "member_1").graphql(HISTORY, own)["data"]["subjectResults"]
    assert len(history) == 1
    (last_year,) = history
    assert (last_year["grade"], last_year["rank"]) == ("excellent", 1)  # kept by the decision
    assert last_year["close"]["unit"] == {"name": "甲县一支部"}
    assert last_year["close"]["periodEnd"].endswith("-12-31")
    # another branch's secretary and another tenant see nothing of it
    assert client_for("alpha", "secretary_2").graphql(HISTORY, own)["data"]["subjectResults"] == []
    assert client_for("beta", "county").graphql(HISTORY, own)["data"]["subjectResults"] == []
