"""rulesetItems: the items a declaration form offers for one subject."""

from tests.jifen.graphql.conftest import gid, subject

ITEMS = """query($subject: ID!, $on: Date) { rulesetItems(subject: $subject, on: $on) {
  code title bucket points pointsRange declaredBy evidenceRequired } }"""


def items(client, name, on=None):
    with_on = {"on": on} if on else {}
    result = client.graphql(ITEMS, {"subject": gid("Subject", subject(name).pk), **with_on})
    assert "errors" not in result, result["errors"]
    return result["data"]["rulesetItems"]


def test_a_secretary_gets_the_items_of_the_ruleset_in_force(users, client_for):
    found = items(client_for("alpha", "secretary_1"), "甲县党员乙")
    assert [i["code"] for i in found] == [
        "party_day_absent", "party_day_late", "makeup_class_missed", "training_absent",
        "task_not_done", "task_refused", "dissenting_speech", "volunteer", "career_lead",
        "exemplary",
    ]  # fmt: skip
    assert found[0] == {
        "code": "party_day_absent", "title": "无正当理由不参加党员主题活动日", "bucket": "basic",
        "points": -2.0, "pointsRange": None, "declaredBy": ["recorder"], "evidenceRequired": False,
    }  # fmt: skip
    assert found[-1]["pointsRange"] == [2.0, 5.0]
    assert found[-1]["evidenceRequired"] is True


def test_no_items_before_the_ruleset_takes_effect(users, client_for):
    assert items(client_for("alpha", "secretary_1"), "甲县党员乙", on="2019-12-31") == []


def test_no_items_without_a_ruleset(in_alpha, client_for):
    assert items(client_for("alpha", "secretary_1"), "甲县党员乙") == []


def test_no_items_for_a_subject_outside_your_units_or_tenant(users, client_for):
    # secretary_2 holds branch 2; 党员乙 is scored in branch 1
    assert items(client_for("alpha", "secretary_2"), "甲县党员乙") == []
    assert items(client_for("alpha"), "甲县党员乙") == []
    assert items(client_for("beta", "secretary_1"), "甲县党员乙") == []
