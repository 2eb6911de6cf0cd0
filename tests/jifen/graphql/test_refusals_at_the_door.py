"""Input is checked at the door against what the item declares, with an error that names
the field; the same key means the same fact; direct booking is an explicit path."""

from __future__ import annotations

from jifen.audit.models import AuditRecord
from jifen.ledger.models import Event
from jifen.procedure.models import Declaration
from tests.jifen.graphql.conftest import accepted, gid, recent_day, subject

SUBMIT = """mutation($input: DeclarationInput!) { declarationSubmit(input: $input) {
  declaration { id status } errors { field code message } } }"""
RECORD = """mutation($input: EventInput!) { eventRecord(input: $input) {
  created event { bookedWithoutReview source timeline { action actor { username } note } }
  errors { field code message } } }"""
REVIEW = """mutation($d: ID!) { declarationReview(declaration: $d, decision: ACCEPT) {
  declaration { status } errors { field code message } } }"""
ITEMS = """query($s: ID!) { rulesetItems(subject: $s) { code attributes {
  name type required min max description } } }"""


def declaration(key="door-1", item="exemplary", **attributes):
    return {
        "input": {
            "key": key,
            "subject": gid("Subject", subject("甲县党员乙").pk),
            "item": item,
            "occurredOn": recent_day().isoformat(),
            "attributes": attributes,
        }
    }


def errors(result, mutation):
    assert "errors" not in result, result["errors"]
    return [(e["field"], e["code"]) for e in result["data"][mutation]["errors"]]


def test_attributes_that_do_not_fit_the_item_are_refused_by_field(users, client_for):
    client = client_for("alpha", "recorder_1")
    # 发挥先锋模范作用 is scored case by case: `points` in [2, 5]
    assert errors(client.graphql(SUBMIT, declaration(item="task_not_done", points=1e16)), "declarationSubmit") == [
        ("attributes.points", "VALIDATION_FAILED")
    ]  # fmt: skip
    many = declaration(item="task_not_done", **{f"k{i}": i for i in range(5000)})
    assert errors(client.graphql(SUBMIT, many), "declarationSubmit") == [
        ("attributes", "VALIDATION_FAILED")
    ]
    result = client.graphql(
        RECORD, {"input": {**declaration(item="task_not_done", level="county")["input"]}}
    )
    [error] = result["data"]["eventRecord"]["errors"]
    assert (error["field"], error["code"]) == ("attributes.level", "VALIDATION_FAILED")
    assert "has no attribute 'level'" in error["message"]
    assert not Declaration.objects.filter(key="door-1").exists()
    assert not Event.objects.exists()


def test_the_items_attributes_are_published_for_forms(users, client_for):
    result = client_for("alpha", "member_1").graphql(
        ITEMS, {"s": gid("Subject", subject("甲县党员甲").pk)}
    )
    items = {i["code"]: i["attributes"] for i in result["data"]["rulesetItems"]}
    assert items["exemplary"] == [
        {
            "name": "points",
            "type": "number",
            "required": True,
            "min": 2.0,
            "max": 5.0,
            "description": "a number in [2, 5]",
        }
    ]
    assert items["task_not_done"] == []


def test_a_declaration_stored_with_hostile_attributes_fails_its_review_not_the_process(
    users, client_for
):
    # given a declaration that reached the table before the door checked (an old row)
    stored = accepted(users)
    hostile = Declaration.objects.create(
        key="legacy", subject=stored.subject, unit=stored.unit, item="task_not_done",
        occurred_on=stored.occurred_on, attributes={"points": 1e16}, kind="report",
        declared_by=users["member_1"],
    )  # fmt: skip
    # when a reviewer accepts it, the event is refused with the field, and nothing is booked
    result = client_for("alpha", "secretary_1").graphql(
        REVIEW, {"d": gid("Declaration", hostile.pk)}
    )
    assert errors(result, "declarationReview") == [("attributes.points", "VALIDATION_FAILED")]
    hostile.refresh_from_db()
    assert hostile.status == "submitted" and hostile.event_id is None


def test_the_same_key_with_other_content_is_a_conflict(users, client_for):
    client = client_for("alpha", "member_1")
    first = client.graphql(SUBMIT, declaration(key="same", item="task_not_done"))
    again = client.graphql(SUBMIT, declaration(key="same", item="task_not_done"))
    assert (
        again["data"]["declarationSubmit"]["declaration"]["id"]
        == (first["data"]["declarationSubmit"]["declaration"]["id"])
    )
    other = client.graphql(SUBMIT, declaration(key="same", item="task_refused"))
    assert errors(other, "declarationSubmit") == [("key", "CONFLICT")]


def test_direct_booking_is_for_recorders_and_says_so(users, client_for):
    booking = {"input": declaration(key="direct", item="task_not_done")["input"]}
    own = {"input": {**booking["input"], "subject": gid("Subject", subject("甲县党员甲").pk)}}
    member = client_for("alpha", "member_1").graphql(RECORD, own)  # a member's own points
    assert errors(member, "eventRecord") == [(None, "PERMISSION_DENIED")]
    result = client_for("alpha", "recorder_1").graphql(RECORD, booking)
    event = result["data"]["eventRecord"]["event"]
    assert (event["bookedWithoutReview"], event["source"]) == (True, "API")
    [step] = event["timeline"]
    assert step["actor"] == {"username": "recorder_1"}
    assert step["note"].startswith("booked without review or publicity")
    audit = AuditRecord.objects.get(action="event.book_directly")
    assert (audit.actor.username, audit.note) == (
        "recorder_1",
        "booked without review or publicity",
    )
