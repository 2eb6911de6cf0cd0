"""One branch's item through the whole procedure, over GraphQL only (except the calendar).

The API runs the services on today's date, so the walk uses dates that work on any day:
the item happened on 1 December of last year (永州 sets no declaration deadline, so a late
declaration is accepted), which lets the period — last year — be closed today. The one
thing not done through the API is waiting seven days for publicity to end: the test moves
the board's last day to yesterday in the database, as if it had been opened a week ago.
"""

from datetime import date, timedelta

from jifen.procedure.models import Board
from tests.jifen.graphql.conftest import gid, subject


def ok(result, mutation):
    assert "errors" not in result, result["errors"]
    payload = result["data"][mutation]
    assert payload["errors"] == [], payload["errors"]
    return payload


def test_declare_to_filing_inbox(in_alpha, users, client_for):
    member = client_for("alpha", "member_1")
    secretary = client_for("alpha", "secretary_1")
    township = client_for("alpha", "township_1")
    day = date(date.today().year - 1, 12, 1)
    branch = gid("OrgUnit", in_alpha.branch_1)

    # given: two items declared by a member about a fellow member
    declared = []
    for item in ("task_not_done", "task_not_done"):
        payload = ok(member.graphql(
            """mutation($input: DeclarationInput!) { declarationSubmit(input: $input) {
              declaration { id } errors { code message } } }""",
            {"input": {"key": f"walk-{len(declared)}", "subject": gid("Subject", subject("甲县党员乙").pk),
                       "item": item, "occurredOn": day.isoformat()}},
        ), "declarationSubmit")  # fmt: skip
        declared.append(payload["declaration"]["id"])

    # when: the secretary accepts both and publishes the board
    for declaration in declared:
        ok(secretary.graphql(
            """mutation($d: ID!) { declarationReview(declaration: $d, decision: ACCEPT) {
              errors { code message } } }""", {"d": declaration},
        ), "declarationReview")  # fmt: skip
    board = ok(secretary.graphql(
        """mutation($u: ID!, $s: Date!, $e: Date!) { boardPublish(unit: $u, coversStart: $s, coversEnd: $e) {
          board { id declarations { id } } errors { code message } } }""",
        {"u": branch, "s": day.replace(day=1).isoformat(), "e": day.replace(day=31).isoformat()},
    ), "boardPublish")["board"]  # fmt: skip
    assert len(board["declarations"]) == 2

    # the member objects to the second one; the secretary upholds it
    objection = ok(member.graphql(
        """mutation($d: ID!) { objectionRaise(declaration: $d, reason: "只算一次") {
          objection { id } errors { code message } } }""", {"d": declared[1]},
    ), "objectionRaise")["objection"]  # fmt: skip
    ok(secretary.graphql(
        """mutation($o: ID!) { objectionAnswer(objection: $o, answer: "重复申报，撤销", outcome: UPHELD) {
          errors { code message } } }""", {"o": objection["id"]},
    ), "objectionAnswer")  # fmt: skip

    # publicity ends (see the module docstring), the secretary confirms
    Board.objects.filter(pk=_pk(board["id"])).update(closes_on=date.today() - timedelta(days=1))
    confirmed = ok(secretary.graphql(
        """mutation($b: ID!) { boardConfirm(board: $b) { confirmed heldByObjection errors { code message } } }""",
        {"b": board["id"]},
    ), "boardConfirm")  # fmt: skip
    assert (confirmed["confirmed"], confirmed["heldByObjection"]) == (1, 0)

    # then: the period closes from confirmed entries only, and is filed with the township
    close = ok(secretary.graphql(
        """mutation($u: ID!, $s: Date!) { periodClose(unit: $u, periodStart: $s) {
          close { id status decisions { id tied { id name } } } errors { code message } } }""",
        {"u": branch, "s": date(day.year, 1, 1).isoformat()},
    ), "periodClose")["close"]  # fmt: skip
    # 甲 and the floating member tie at 100 for the branch's one 优秀 place: the committee
    [decision] = close["decisions"]
    first = next(t["id"] for t in decision["tied"] if t["name"] == "甲县党员甲")
    close = ok(secretary.graphql(
        """mutation($d: ID!, $c: [ID!]!) { quotaDecide(decision: $d, chosen: $c, reason: "议定") {
          close { id status results { subjectName total grade } } errors { code message } } }""",
        {"d": decision["id"], "c": [first]},
    ), "quotaDecide")["close"]  # fmt: skip
    results = {r["subjectName"]: r for r in close["results"]}
    # one task_not_done (-1 duty point in December) counts; the withdrawn one does not:
    # (100 × 11 + 99) / 12 = 99.9167, as the procedure tests compute for the same item.
    assert results["甲县党员乙"]["total"] == "99.9200"
    assert results["甲县党员甲"]["total"] == "100.0000"
    # the results are publicised (see the module docstring), then filed
    Board.objects.filter(period_close=_pk(close["id"])).update(
        closes_on=date.today() - timedelta(days=1)
    )
    ok(secretary.graphql(
        """mutation($c: ID!) { periodFile(close: $c) { errors { code message } } }""", {"c": close["id"]}
    ), "periodFile")  # fmt: skip

    inbox = township.graphql("{ filingInbox { edges { node { id unit { name } status } } } }")
    assert inbox["data"]["filingInbox"]["edges"] == [
        {"node": {"id": close["id"], "unit": {"name": "甲县一支部"}, "status": "FILED"}}
    ]
    assert client_for("alpha", "secretary_2").graphql("{ filingInbox { totalCount } }")["data"] == {
        "filingInbox": {"totalCount": 0}
    }
    timeline = member.graphql(
        """query($id: ID!) { declaration(id: $id) { status timeline { action actor { username } } } }""",
        {"id": declared[1]},
    )["data"]["declaration"]
    assert timeline["status"] == "WITHDRAWN"
    assert [s["action"] for s in timeline["timeline"]] == [
        "declared", "accepted", "objection_raised", "objection_answered",
    ]  # fmt: skip


def _pk(global_id):
    from jifen.graphql.ids import parse_global_id as from_global_id

    return int(from_global_id(global_id)[1])
