"""The public, a unit's members and its committee each see their own projection of a board:
no notes, reasons, staff names, timeline, evidence or objectors for the public (and a masked
name on a deduction); no other people's personal details or objectors' reasons for members."""

from __future__ import annotations

import re
from datetime import date, timedelta

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
from jifen.rulebook.services import (
    ruleset_assign,
    ruleset_draft_save,
    ruleset_fork,
    ruleset_publish_draft,
)
from jifen.subjects.models import Subject
from jifen.testing.clients import TenantClient
from jifen.testing.factories import UserFactory
from jifen.testing.worlds import publish_template, tenant_admin
from rulesets.document import TEMPLATES

BOARD = """query($id: ID!) { board(id: $id) {
  openedBy { username }
  declarations {
    subjectName item key note place reviewReason attributes
    declaredBy { username } reviewedBy { username }
    timeline { action actor { username } } evidence { originalName sha256 }
    objections { reason raisedBy { username } status }
    entries { points reason eventKey decidedBy { username } }
  } } }"""
SUBJECTS = "{ subjects(first: 50) { edges { node { name phone idCardLast4 attributes } } } }"

# Each test counts its own requests: no limit carried over from another.
pytestmark = pytest.mark.usefixtures("fresh_rate_limits")


def _section(template: str) -> str:
    """The `public:` block of a shipped template, as written."""
    text = (TEMPLATES / f"{template}.yaml").read_text(encoding="utf-8")
    return re.search(r"^public:.*?(?=^procedure:)", text, re.M | re.S).group(0)


def _publish(unit_id: int, section: str | None):
    """Fork the yongzhou template, with `section` as its `public:` block, publish it from
    2020 and assign it to the unit (as `publish_template` does)."""
    if section is None:
        return publish_template("yongzhou-safety-bureau", "yongzhou", unit_id)
    admin = tenant_admin()
    ruleset = ruleset_fork(actor=admin, template="yongzhou-safety-bureau", code="yongzhou")
    text = re.sub(
        r"^public:.*?(?=^procedure:)", section, ruleset.versions.get().text, flags=re.M | re.S
    )
    ruleset_draft_save(actor=admin, ruleset=ruleset, text=text)
    ruleset_publish_draft(actor=admin, ruleset=ruleset, effective_from=date(2020, 1, 1))
    unit = OrgUnit.objects.get(pk=unit_id)
    ruleset_assign(actor=admin, unit=unit, ruleset=ruleset, subject_kind="person")
    return ruleset


@pytest.fixture
def section():
    """The `public:` block the board's ruleset is published with (None: the template's)."""
    return None


@pytest.fixture
def board(alpha, section):
    """A public board of branch 1 with a deduction recorded for 甲县党员乙, with a note, a
    review reason, and an objection raised by member_1."""
    with schema_context("alpha"):
        _publish(alpha.root, section)
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


@pytest.mark.parametrize(
    "section", [_section("yongzhou-safety-bureau").replace("answerers", "members")]
)
def test_objectors_are_shown_to_members_where_the_ruleset_says_so(board):
    [objection] = _declaration("member_x", board)["objections"]
    assert objection["raisedBy"] == {"username": "member_1"}
    assert objection["reason"] == "异议理由 objector's reason"


def _no_internals(seen: dict, *, public: bool = True) -> None:
    assert seen["key"] == seen["reviewReason"] == "" and seen["attributes"] is None
    assert seen["declaredBy"] is seen["reviewedBy"] is None
    assert seen["openedBy"] is None or not public  # members know who opened their board
    assert seen["timeline"] == [] and seen["evidence"] == []
    leaks = (
        "recorder_1",
        "review reason",
        "secret-key",
        "objector",
        "secretary_1" if public else "",
    )
    for leaked in filter(None, leaks):
        assert leaked not in str(seen)


def test_the_party_template_publishes_names_items_and_points(board):
    seen = _declaration(None, board)
    assert seen["item"] == "task_not_done" and seen["subjectName"] == "甲****"
    assert [e["points"] for e in seen["entries"]] == ["-1.0000"]
    assert seen["note"] == seen["place"] == "" and seen["objections"] == []
    _no_internals(seen)


@pytest.mark.parametrize("section", [_section("zhongxiang-village")])
def test_a_village_section_publishes_anonymous_deductions(board):
    for username in (None, "member_x"):
        seen = _declaration(username, board)
        assert seen["subjectName"] == "" and "甲县" not in str(seen)
        assert seen["item"] == "task_not_done"
        assert [e["points"] for e in seen["entries"]] == ["-1.0000"]
        assert seen["note"] == seen["place"] == ""
        _no_internals(seen, public=username is None)
    assert _declaration("secretary_1", board)["subjectName"] == "甲县党员乙"


@pytest.mark.parametrize("section", [_section("food-seller-risk")])
def test_a_market_section_publishes_the_name_but_not_the_points(board):
    seen = _declaration(None, board)
    assert seen["subjectName"] == "甲县党员乙"  # mask_deductions: false
    assert seen["item"] == "" and seen["entries"] == []
    assert seen["note"] == seen["place"] == "" and seen["objections"] == []
    _no_internals(seen)
    committee = _declaration("secretary_1", board)
    assert committee["item"] == "task_not_done" and committee["entries"]


@pytest.mark.parametrize(
    "section",
    ["public: {entries: [subject_name, item, points, place], mask_deductions: false}\n"],
)
def test_changing_the_section_changes_what_is_shown(board):
    seen = _declaration(None, board)
    assert seen["subjectName"] == "甲县党员乙" and seen["place"] == "会议室"
    assert seen["note"] == ""
    _no_internals(seen)


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
