"""The public, a unit's members and its committee each see their own projection of a board:
no notes, reasons, staff names, timeline, evidence or objectors for the public (and a masked
name on a deduction); no other people's personal details or objectors' reasons for members."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from jifen.access.models import User
from jifen.access.services import token_create
from jifen.graphql.ids import to_global_id
from jifen.org.models import OrgUnit, Role
from jifen.procedure import services as procedure
from jifen.procedure.models import Board
from jifen.procedure.services import DeclarationInput
from jifen.subjects.models import Subject
from jifen.testing.clients import TenantClient
from jifen.testing.factories import UserFactory
from jifen.testing.worlds import publish_template

BOARD = """query($id: ID!) { board(id: $id) {
  openedBy { username }
  declarations {
    subjectName key note place reviewReason attributes
    declaredBy { username } reviewedBy { username }
    timeline { action actor { username } } evidence { originalName sha256 }
    objections { reason raisedBy { username } status }
    entries { points reason eventKey decidedBy { username } }
  } } }"""
SUBJECTS = "{ subjects(first: 50) { edges { node { name phone idCardLast4 attributes } } } }"


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    settings.RATELIMIT_CACHE_PREFIX = f"rl-{uuid.uuid4().hex}:"


@pytest.fixture
def board(alpha):
    """A public board of branch 1 with a deduction recorded for 甲县党员乙, with a note, a
    review reason, and an objection raised by member_1."""
    with schema_context("alpha"):
        publish_template("yongzhou-safety-bureau", "yongzhou", alpha.root)
        branch = OrgUnit.objects.get(pk=alpha.branch_1)
        UserFactory(username="member_x", roles=[(Role.MEMBER, branch)])
        other = Subject.objects.get(name="甲县党员乙")
        other.phone, other.id_card_last4 = "13800000000", "1234"
        other.attributes = {"health": "private"}
        other.save()
        users = {u.username: u for u in User.objects.all()}
        day = timezone.localdate() - timedelta(days=3)
        declaration = procedure.declaration_submit(
            actor=users["recorder_1"],
            data=DeclarationInput(
                key="recorder:secret-key", subject_id=other.pk, item="task_not_done",
                occurred_on=day, attributes={}, note="内部备注 internal note", place="会议室",
            ),
        )  # fmt: skip
        procedure.declaration_review(
            actor=users["secretary_1"], declaration=declaration, decision="accept",
            reason="审核意见 review reason",
        )  # fmt: skip
        [published] = procedure.board_publish(
            actor=users["secretary_1"], unit=branch, covers_start=day, covers_end=day
        )
        declaration.refresh_from_db()
        procedure.objection_raise(
            actor=users["member_1"], reason="异议理由 objector's reason", declaration=declaration
        )
        # a market board is public; this branch's is made so to be read from outside
        Board.objects.filter(pk=published.pk).update(public=True)
        return to_global_id("Board", published.pk)


def _as(username: str | None) -> TenantClient:
    if username is None:
        return TenantClient("alpha")
    with schema_context("alpha"):
        return TenantClient(
            "alpha", token_create(user=User.objects.get(username=username), name="p")
        )


def _declaration(username: str | None, board_id: str) -> dict:
    result = _as(username).graphql(BOARD, {"id": board_id})
    assert "errors" not in result, result
    [declaration] = result["data"]["board"]["declarations"]
    return {**declaration, "openedBy": result["data"]["board"]["openedBy"]}


def test_the_public_sees_points_but_no_internals_and_a_masked_deduction(board):
    seen = _declaration(None, board)
    assert seen["subjectName"] == "甲****" and "乙" not in str(seen)
    assert [e["points"] for e in seen["entries"]] == ["-1.0000"]
    assert seen["key"] == seen["note"] == seen["place"] == seen["reviewReason"] == ""
    assert seen["attributes"] is None
    assert seen["declaredBy"] is seen["reviewedBy"] is seen["openedBy"] is None
    assert seen["timeline"] == [] and seen["evidence"] == [] and seen["objections"] == []
    assert all(e["reason"] == "" and e["eventKey"] is None for e in seen["entries"])
    assert all(e["decidedBy"] is None for e in seen["entries"])
    for leaked in ("recorder_1", "secretary_1", "member_1", "internal", "review reason", "secret"):
        assert leaked not in str(seen)


def test_a_signed_in_stranger_to_the_unit_gets_the_public_projection(board):
    # secretary_2 runs branch 2, not branch 1: branch 1's public board is public to them
    seen = _declaration("secretary_2", board)
    assert seen["note"] == "" and seen["objections"] == [] and seen["subjectName"] == "甲****"


def test_a_member_sees_objections_without_the_objectors_identity_or_reason(board):
    seen = _declaration("member_x", board)
    assert seen["subjectName"] == "甲县党员乙"
    assert seen["note"] == seen["reviewReason"] == "" and seen["timeline"] == []
    [objection] = seen["objections"]
    assert objection["reason"] == "" and objection["raisedBy"] is None


def test_the_objector_sees_their_own_objection(board):
    [objection] = _declaration("member_1", board)["objections"]
    assert objection["reason"] == "异议理由 objector's reason"
    assert objection["raisedBy"] == {"username": "member_1"}


def test_the_committee_sees_everything(board):
    seen = _declaration("secretary_1", board)
    assert seen["subjectName"] == "甲县党员乙"
    assert seen["note"] == "内部备注 internal note" and seen["reviewReason"]
    assert seen["declaredBy"] == {"username": "recorder_1"}
    assert seen["timeline"] and seen["openedBy"] == {"username": "secretary_1"}
    [objection] = seen["objections"]
    assert objection["raisedBy"] == {"username": "member_1"} and objection["reason"]


def test_objectors_may_be_shown_to_members_where_the_tenant_chooses(board, settings):
    settings.OBJECTORS_VISIBLE_TO_MEMBERS = True
    [objection] = _declaration("member_x", board)["objections"]
    assert objection["raisedBy"] == {"username": "member_1"}


def test_members_never_see_other_peoples_personal_details(board):
    def details(username):
        result = _as(username).graphql(SUBJECTS)
        assert "errors" not in result, result
        return {e["node"]["name"]: e["node"] for e in result["data"]["subjects"]["edges"]}

    committee = details("secretary_1")["甲县党员乙"]
    assert committee["phone"] == "13800000000" and committee["idCardLast4"] == "1234"
    assert "private" in committee["attributes"]
    seen_by_member = details("member_x")
    for name, row in seen_by_member.items():
        if name != "甲县党员甲":
            assert row["phone"] == "" and row["idCardLast4"] == "" and row["attributes"] is None
    assert _as(None).graphql(SUBJECTS)["data"]["subjects"]["edges"] == []
