"""The pages people read most cost a fixed number of queries whatever their size, and a
request reads its caller's roles once, however many rows and checks ask for them.

The documents are the web app's own (`frontend/src/pages/…`): the review queue, the
boards page with its results, a closed period with its committee decisions and timeline.
"""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jifen.access.services import system_actor
from jifen.graphql.ids import to_global_id
from jifen.ledger.services import EventInput, event_record
from jifen.org.models import OrgUnit, Role, RoleAssignment
from jifen.org.selectors import held_roles, roles_once
from jifen.procedure import services as procedure
from jifen.procedure.services import DeclarationInput
from jifen.testing.factories import PersonFactory, UnitFactory
from tests.jifen.graphql.conftest import recent_day, subject

REVIEW_QUEUE = """query ReviewQueue($offset: Int, $first: Int) {
  declarations(status: SUBMITTED, offset: $offset, first: $first) { totalCount edges { node {
    id subjectName item occurredOn quantity kind note attributes unit { name }
    declaredBy { username displayName } evidence { id originalName url } } } } }"""

BOARDS = """query Boards($first: Int) { boards(first: $first) { totalCount edges { node {
  id kind status coversStart coversEnd closesOn openedAt unit { id name }
  declarations(first: 5) { id subjectName item occurredOn status entries { points kind }
    objections { id status reason answer outcome answerDue } }
  results(first: 20) { subjectName category total grade rank stars vetoed subject { id } } } } } }"""

CLOSE = """query($id: ID!) { periodClose(id: $id) { status
  results { subjectName total grade rank subject { id } }
  decisions { key grade places tied { id name } chosen { id name } decidedBy { username } }
  objections { id status } timeline { action at actor { username } } } }"""

ROLE_LOOKUP = '"org_roleassignment"'


def _run(client, query, variables=None):
    with CaptureQueriesContext(connection) as queries:
        result = client.graphql(query, variables)
    assert "errors" not in result, result["errors"]
    statements = [q["sql"] for q in queries.captured_queries]
    # the door notes a token's use at most once a minute: not the page's cost
    return [q for q in statements if not q.lstrip().upper().startswith("UPDATE")], result


def _submitted(users, start: int, stop: int) -> None:
    """Declarations start..stop-1 recorded by the branch's secretary, waiting for review."""
    target = subject("甲县党员乙")
    for n in range(start, stop):
        procedure.declaration_submit(
            actor=users["secretary_1"],
            data=DeclarationInput(
                key=f"queue-{n}", subject_id=target.pk, item="task_not_done",
                occurred_on=recent_day(), attributes={}, note=f"第{n}次",
            ),
        )  # fmt: skip


def test_the_review_queue_costs_the_same_for_10_and_100_rows(users, client_for):
    client = client_for("alpha", "county")
    _submitted(users, 0, 10)
    _run(client, REVIEW_QUEUE, {"first": 100})  # warm up per-process caches
    few, result = _run(client, REVIEW_QUEUE, {"first": 100})
    assert len(result["data"]["declarations"]["edges"]) == 10
    _submitted(users, 10, 100)
    many, result = _run(client, REVIEW_QUEUE, {"first": 100})
    assert len(result["data"]["declarations"]["edges"]) == 100
    assert len(many) == len(few), (few, many)
    assert sum(ROLE_LOOKUP in q for q in many) == 1


def test_the_review_queue_joins_only_what_it_shows(users, client_for):
    # every relation joined on every list cost the queue's statement 100-190 ms to plan
    client = client_for("alpha", "county")
    _submitted(users, 0, 3)
    statements, result = _run(client, REVIEW_QUEUE, {"first": 100})
    [queue] = [q for q in statements if q.startswith('SELECT "procedure_declaration"."id"')]
    assert '"ledger_event"' not in queue and '"countersigned_by_id" = ' not in queue
    assert not any('"procedure_step"' in q or '"procedure_objection"' in q for q in statements)
    names = {e["node"]["declaredBy"]["username"] for e in result["data"]["declarations"]["edges"]}
    assert names == {"secretary_1"}


def _closed_branches(in_alpha, count: int, start: int) -> list:
    """`count` new branches of one member each, points booked and 2026 closed."""
    township = OrgUnit.objects.get(pk=in_alpha.township_1)
    closes = []
    for n in range(start, start + count):
        branch = UnitFactory(parent=township, name=f"结果支部{n:03d}")
        person = PersonFactory(home_unit=branch, category="member")
        event_record(
            actor=system_actor(),
            data=EventInput(key=f"board-{n}", subject_id=person.pk, item="task_not_done",
                            occurred_on=date(2026, 3, 5)),
        )  # fmt: skip
        closes += procedure.period_close(
            actor=system_actor(), unit=branch, period_start=date(2026, 1, 1),
            today=date(2027, 1, 5),
        )  # fmt: skip
    return closes


def test_the_boards_page_with_results_costs_the_same_for_10_and_100_boards(
    yongzhou, in_alpha, client_for
):
    client = client_for("alpha", "county")
    _closed_branches(in_alpha, 10, 0)
    _run(client, BOARDS, {"first": 200})
    few, result = _run(client, BOARDS, {"first": 200})
    results = sum(len(e["node"]["results"]) for e in result["data"]["boards"]["edges"])
    assert results >= 10
    _closed_branches(in_alpha, 90, 10)
    many, result = _run(client, BOARDS, {"first": 200})
    assert sum(len(e["node"]["results"]) for e in result["data"]["boards"]["edges"]) >= 100
    assert len(many) == len(few), (few, many)
    assert sum(ROLE_LOOKUP in q for q in many) == 1
    # a results page never reads the explain JSON nor the buckets it does not show
    assert not any('"explain"' in q or '"buckets"' in q for q in many)


def test_a_close_reads_its_decisions_and_timeline_in_fixed_queries(yongzhou, in_alpha, client_for):
    [close] = _closed_branches(in_alpha, 1, 500)
    client = client_for("alpha", "county")
    variables = {"id": to_global_id("PeriodClose", close.pk)}
    _run(client, CLOSE, variables)
    statements, result = _run(client, CLOSE, variables)
    assert result["data"]["periodClose"]["timeline"]
    assert sum(ROLE_LOOKUP in q for q in statements) == 1
    # one query each for results, decisions, their tied and chosen subjects, objections, steps
    assert sum('"procedure_quotadecision"' in q for q in statements) == 1
    assert sum('"procedure_step"' in q for q in statements) == 1


def test_roles_are_read_again_after_a_grant_in_the_same_request(in_alpha, users):
    branch = OrgUnit.objects.get(pk=in_alpha.branch_2)
    user = users["member_1"]
    with roles_once():
        before = held_roles(user)
        with CaptureQueriesContext(connection) as queries:
            assert held_roles(user) == before
        assert len(queries) == 0
        RoleAssignment.objects.create(user=user, role=Role.RECORDER, unit=branch)
        assert (Role.RECORDER, branch.path) in held_roles(user)
    # outside a request nothing is remembered
    with CaptureQueriesContext(connection) as queries:
        held_roles(user)
    assert len(queries) == 1


def test_a_board_reads_only_the_results_its_page_shows(yongzhou, in_alpha, client_for):
    township = OrgUnit.objects.get(pk=in_alpha.township_1)
    branch = UnitFactory(parent=township, name="分页支部")
    for n in range(4):
        person = PersonFactory(home_unit=branch, category="member", name=f"分页党员{n}")
        for k in range(n):  # members of 0, 1, 2 and 3 deductions: four ranks
            event_record(actor=system_actor(), data=EventInput(
                key=f"page-{n}-{k}", subject_id=person.pk, item="task_not_done",
                occurred_on=date(2026, 3, 5 + k)))  # fmt: skip
    procedure.period_close(actor=system_actor(), unit=branch, period_start=date(2026, 1, 1),
                           today=date(2027, 1, 5))  # fmt: skip
    client = client_for("alpha", "county")
    page = """query($n: Int) { boards(first: 10) { edges { node { unit { name }
      all: results { subjectName rank } top: results(first: $n) { subjectName rank } } } } }"""
    _, result = _run(client, page, {"n": 2})
    [board] = [e["node"] for e in result["data"]["boards"]["edges"] if e["node"]["all"]]
    assert len(board["all"]) == 4 and board["top"] == board["all"][:2]
    top_only = page.replace("all: results { subjectName rank }", "")
    statements, result = _run(client, top_only, {"n": 2})
    [board] = [e["node"] for e in result["data"]["boards"]["edges"] if e["node"]["top"]]
    assert board["top"] == [{"subjectName": "分页党员0", "rank": 1},
                            {"subjectName": "分页党员1", "rank": 2}]  # fmt: skip
    # the database hands over two rows a board, not the whole close
    [read] = [q for q in statements if '"procedure_periodresult"' in q and "FROM" in q]
    assert "ROW_NUMBER" in read.upper()
