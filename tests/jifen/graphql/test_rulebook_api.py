"""Ruleset mutations: administrators edit, administrators and superiors assign."""

from jifen.rulebook.models import RulesetAssignment
from tests.jifen.graphql.conftest import codes, gid

FORK = """mutation { rulesetFork(template: "yongzhou-safety-bureau", code: "branch-rules") {
  ruleset { code versions { number status } } errors { field code message } } }"""
SAVE = """mutation($code: String!, $text: String!) { rulesetDraftSave(code: $code, text: $text) {
  version { number status contentHash } errors { field code message line path } } }"""
PUBLISH = """mutation($code: String!) { rulesetPublish(code: $code, effectiveFrom: "2027-01-01") {
  version { number status effectiveFrom } errors { field code message } } }"""
ASSIGN = """mutation($unit: ID!) { rulesetAssign(unit: $unit, code: "yongzhou") {
  ruleset { code } errors { field code message } } }"""


def test_admin_forks_edits_and_publishes(users, client_for):
    admin = client_for("alpha", "admin")
    forked = admin.graphql(FORK)
    assert forked["data"]["rulesetFork"] == {
        "ruleset": {"code": "branch-rules", "versions": [{"number": 1, "status": "DRAFT"}]},
        "errors": [],
    }
    text = admin.graphql('{ ruleset(code: "branch-rules") { draft { text } } }')["data"]["ruleset"][
        "draft"
    ]["text"]
    saved = admin.graphql(
        SAVE,
        {"code": "branch-rules", "text": text.replace("publicity_days: 7", "publicity_days: 5")},
    )
    assert codes(saved, "rulesetDraftSave") == []
    published = admin.graphql(PUBLISH, {"code": "branch-rules"})
    assert published["data"]["rulesetPublish"]["version"] == {
        "number": 1, "status": "PUBLISHED", "effectiveFrom": "2027-01-01",
    }  # fmt: skip
    assert "yongzhou-safety-bureau" in admin.graphql("{ templates }")["data"]["templates"]


def test_invalid_text_returns_one_located_error_per_problem(users, client_for):
    text = "title: x\nperiod: {unit: fortnight}\nbuckets: []\nitems: [{code: 1}]\n"
    result = client_for("alpha", "admin").graphql(SAVE, {"code": "yongzhou", "text": text})
    errors = result["data"]["rulesetDraftSave"]["errors"]
    assert result["data"]["rulesetDraftSave"]["version"] is None
    assert errors and {(e["field"], e["code"]) for e in errors} == {("text", "VALIDATION_FAILED")}
    assert all(e["message"].startswith(f"yongzhou.yaml:{e['line']}: {e['path']}: ") for e in errors)


def test_ruleset_edits_need_an_administrator(users, client_for):
    for username in ("secretary_1", "county"):
        assert codes(client_for("alpha", username).graphql(FORK), "rulesetFork") == [
            "PERMISSION_DENIED"
        ]
        assert codes(client_for("alpha", username).graphql(PUBLISH, {"code": "yongzhou"}), "rulesetPublish") == ["PERMISSION_DENIED"]  # fmt: skip
    # rulesets are tenant-wide: another tenant's code is unknown there
    assert codes(client_for("beta", "admin").graphql(SAVE, {"code": "yongzhou", "text": "x: 1"}), "rulesetDraftSave") == ["NOT_FOUND"]  # fmt: skip
    assert codes(client_for("beta", "admin").graphql(PUBLISH, {"code": "yongzhou"}), "rulesetPublish") == ["NOT_FOUND"]  # fmt: skip


def test_superior_assigns_a_ruleset_in_their_subtree(in_alpha, users, fresh_unit, client_for):
    variables = {"unit": gid("OrgUnit", in_alpha.branch_1)}
    assert (
        codes(client_for("alpha", "township_1").graphql(ASSIGN, variables), "rulesetAssign") == []
    )
    assert RulesetAssignment.objects.filter(unit_id=in_alpha.branch_1).exists()
    listed = client_for("alpha", "admin").graphql(
        '{ ruleset(code: "yongzhou") { assignments { unitName subjectKind effectiveUntil } } }'
    )["data"]["ruleset"]["assignments"]
    assert {"unitName": "甲县一支部", "subjectKind": "PERSON", "effectiveUntil": None} in listed
    assert codes(client_for("alpha", "secretary_1").graphql(ASSIGN, variables), "rulesetAssign") == ["PERMISSION_DENIED"]  # fmt: skip
    assert codes(client_for("alpha", "secretary_2").graphql(ASSIGN, variables), "rulesetAssign") == ["NOT_FOUND"]  # fmt: skip
    other = {"unit": gid("OrgUnit", fresh_unit.pk)}
    assert codes(client_for("beta", "county").graphql(ASSIGN, other), "rulesetAssign") == ["NOT_FOUND"]  # fmt: skip


PUBLISH_ON = """mutation($code: String!, $on: Date!, $retro: Boolean, $confirmed: [ID!]) {
  rulesetPublish(code: $code, effectiveFrom: $on, retroactive: $retro,
                 confirmedEntries: $confirmed) {
    version { number status effectiveFrom } reevaluated { eventKey pointsBefore pointsAfter }
    errors { field code message } } }"""
PREVIEW = """mutation($code: String!, $on: Date!) {
  rulesetRetroactivePreview(code: $code, effectiveFrom: $on) {
    reevaluated { eventKey } confirmedEntries errors { field code message } } }"""


def test_a_past_start_is_published_only_after_its_preview_is_confirmed(users, client_for):
    admin = client_for("alpha", "admin")
    admin.graphql(FORK)
    first = admin.graphql(PUBLISH_ON, {"code": "branch-rules", "on": "2026-01-01"})
    assert first["data"]["rulesetPublish"]["errors"] == []  # a first version may start any day
    text = admin.graphql('{ ruleset(code: "branch-rules") { versions { text } } }')["data"][
        "ruleset"
    ]["versions"][0]["text"]
    admin.graphql(SAVE, {"code": "branch-rules", "text": text.replace("publicity_days: 7", "publicity_days: 5")})  # fmt: skip
    refused = admin.graphql(PUBLISH_ON, {"code": "branch-rules", "on": "2026-06-01"})
    assert codes(refused, "rulesetPublish") == ["CONFIRMATION_REQUIRED"]
    preview = admin.graphql(PREVIEW, {"code": "branch-rules", "on": "2026-06-01"})
    preview = preview["data"]["rulesetRetroactivePreview"]
    assert preview == {"reevaluated": [], "confirmedEntries": [], "errors": []}  # nothing booked
    published = admin.graphql(
        PUBLISH_ON,
        {"code": "branch-rules", "on": "2026-06-01", "retro": True, "confirmed": []},
    )["data"]["rulesetPublish"]
    assert published["version"] == {
        "number": 2,
        "status": "PUBLISHED",
        "effectiveFrom": "2026-06-01",
    }
    assert published["errors"] == []
