"""Check-in by QR code over GraphQL: a recorder opens a meeting, members scan a signed,
short-lived token once each, closing turns the check-ins into the attendance list."""

import datetime as dt

import pytest
from django.utils import timezone

from jifen.graphql.ids import Node
from jifen.procedure.models import CheckInSession, Declaration
from jifen.subjects.models import Subject
from jifen.testing.factories import UserFactory

gid = Node.to_global_id

OPEN = """mutation($u: ID!, $on: Date!, $m: Int) {
  checkInOpen(unit: $u, title: "主题党日", occurredOn: $on, absentItem: "party_day_absent",
              minutes: $m) {
    session { id title expiresAt token link qrSvg } errors { code field message }
  }
}"""
SCAN = """mutation($t: String!) {
  checkInScan(token: $t) { title checkIn { subjectName } errors { code field message } }
}"""
CLOSE = """mutation($s: ID!) {
  checkInClose(session: $s) {
    session { closedAt checkIns { subjectName } }
    declarations { subjectName item kind status } errors { code message }
  }
}"""
SESSION = """query($s: ID!) { checkInSession(id: $s) { title token checkIns { subjectName } } }"""


@pytest.fixture
def meeting(yongzhou, in_alpha, client_for):
    """A 主题党日 of 甲县一支部 opened by its recorder; 党员乙 signs in as `member_b`."""
    member_b = UserFactory(username="member_b")
    Subject.objects.filter(name="甲县党员乙").update(user=member_b)
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    opened = client_for("alpha", "recorder_1").graphql(
        OPEN, {"u": gid("OrgUnit", in_alpha.branch_1), "on": day}
    )["data"]["checkInOpen"]
    assert opened["errors"] == []
    return opened["session"]


def test_a_recorder_opens_a_check_in_with_a_qr_code(meeting, in_alpha, fresh_unit, client_for):
    assert meeting["title"] == "主题党日" and meeting["token"]
    assert meeting["link"].startswith("/check-in?token=")
    assert meeting["qrSvg"].startswith("<svg") and "</svg>" in meeting["qrSvg"]
    day = timezone.localdate().isoformat()
    args = {"u": gid("OrgUnit", in_alpha.branch_1), "on": day}
    # wrong role: the supervisor; other subtree: another branch's secretary; other tenant
    # (a unit that exists in alpha only)
    for slug, user, code, unit in (
        ("alpha", "supervisor_1", "PERMISSION_DENIED", in_alpha.branch_1),
        ("alpha", "secretary_2", "NOT_FOUND", in_alpha.branch_1),
        ("beta", "county", "NOT_FOUND", fresh_unit.pk),
    ):
        args = {"u": gid("OrgUnit", unit), "on": day}
        refused = client_for(slug, user).graphql(OPEN, args)["data"]["checkInOpen"]
        assert [e["code"] for e in refused["errors"]] == [code], (slug, user)
    # members see the session, never its token
    seen = client_for("alpha", "member_1").graphql(SESSION, {"s": meeting["id"]})
    assert seen["data"]["checkInSession"] == {"title": "主题党日", "token": None, "checkIns": []}
    assert (
        client_for("beta", "county").graphql(SESSION, {"s": meeting["id"]})["data"][
            "checkInSession"
        ]
        is None
    )


def test_members_check_in_once_and_forged_or_foreign_codes_are_refused(meeting, client_for):
    member = client_for("alpha", "member_1")
    first = member.graphql(SCAN, {"t": meeting["token"]})["data"]["checkInScan"]
    assert first == {"title": "主题党日", "checkIn": {"subjectName": "甲县党员甲"}, "errors": []}
    again = member.graphql(SCAN, {"t": meeting["token"]})["data"]["checkInScan"]
    assert [e["code"] for e in again["errors"]] == ["CONFLICT"]
    assert "already" in again["errors"][0]["message"]
    forged = meeting["token"][:-2] + ("AA" if not meeting["token"].endswith("AA") else "BB")
    bad = member.graphql(SCAN, {"t": forged})["data"]["checkInScan"]
    assert [(e["code"], e["field"]) for e in bad["errors"]] == [("VALIDATION_FAILED", "token")]
    # the same code read by a member of another tenant: not valid there
    foreign = client_for("beta", "member_1").graphql(SCAN, {"t": meeting["token"]})
    assert [e["code"] for e in foreign["data"]["checkInScan"]["errors"]] == ["VALIDATION_FAILED"]
    # someone who is not a member scored at the unit
    stranger = client_for("alpha", "secretary_2").graphql(SCAN, {"t": meeting["token"]})
    assert [e["code"] for e in stranger["data"]["checkInScan"]["errors"]] == ["PERMISSION_DENIED"]
    anonymous = client_for("alpha").graphql(SCAN, {"t": meeting["token"]})
    assert [e["code"] for e in anonymous["data"]["checkInScan"]["errors"]] == ["PERMISSION_DENIED"]


def test_an_expired_code_is_refused(meeting, in_alpha, client_for):
    CheckInSession.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    late = client_for("alpha", "member_b").graphql(SCAN, {"t": meeting["token"]})
    errors = late["data"]["checkInScan"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("DEADLINE_PASSED", "token")]
    assert "expired" in errors[0]["message"]


def test_closing_turns_check_ins_into_the_attendance_list(meeting, in_alpha, client_for):
    client_for("alpha", "member_1").graphql(SCAN, {"t": meeting["token"]})
    recorder = client_for("alpha", "recorder_1")
    refused = client_for("alpha", "supervisor_1").graphql(CLOSE, {"s": meeting["id"]})
    assert [e["code"] for e in refused["data"]["checkInClose"]["errors"]] == ["PERMISSION_DENIED"]
    closed = recorder.graphql(CLOSE, {"s": meeting["id"]})["data"]["checkInClose"]
    assert closed["errors"] == [] and closed["session"]["closedAt"]
    assert closed["session"]["checkIns"] == [{"subjectName": "甲县党员甲"}]
    # the absent item for each member who did not come, to be reviewed like any attendance
    assert sorted(
        (d["subjectName"], d["item"], d["kind"], d["status"]) for d in closed["declarations"]
    ) == [
        ("甲县党员乙", "party_day_absent", "RECORD", "SUBMITTED"),
        ("甲县流动党员", "party_day_absent", "RECORD", "SUBMITTED"),
    ]
    assert Declaration.objects.filter(subject__name="甲县党员甲").count() == 0
    after = client_for("alpha", "member_b").graphql(SCAN, {"t": meeting["token"]})
    assert [e["code"] for e in after["data"]["checkInScan"]["errors"]] == ["DEADLINE_PASSED"]
    twice = recorder.graphql(CLOSE, {"s": meeting["id"]})["data"]["checkInClose"]
    assert [e["code"] for e in twice["errors"]] == ["CONFLICT"]
    foreign = client_for("beta", "county").graphql(CLOSE, {"s": meeting["id"]})
    assert [e["code"] for e in foreign["data"]["checkInClose"]["errors"]] == ["NOT_FOUND"]
