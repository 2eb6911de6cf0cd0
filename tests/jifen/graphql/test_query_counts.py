"""Lists cost the same number of queries for 10 rows as for 100, nested fields included,
and reading never writes.

Each test builds 10 rows, counts the queries of one request asking for the nested fields,
adds 90 rows and counts again; none of those queries may change a row.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jifen.access.services import system_actor
from jifen.ledger.services import EventInput, event_record
from jifen.org.models import OrgUnit
from jifen.procedure import services as procedure
from jifen.procedure.services import DeclarationInput
from jifen.testing.factories import PersonFactory, UnitFactory
from tests.jifen.graphql.conftest import recent_day, subject

DECLARATIONS = """{ declarations(first: 200) { totalCount edges { node {
  item status kind subjectName subject { name homeUnit { name } hostUnit { name } }
  unit { name parentId } declaredBy { username } reviewedBy { username }
  board { closesOn unit { name } } entries { seq points decidedBy { username } eventKey }
  timeline { action actor { username isSystem } at note } evidence { originalName }
  objections { status reason raisedBy { username } handledBy { name } } } } } }"""

BOARDS = """{ boards(first: 200) { totalCount edges { node {
  kind status closesOn unit { name } openedBy { username }
  declarations { item subjectName subject { name } timeline { action } objections { status } }
  results { subjectName total } } } } }"""

OBJECTIONS = """{ objections(first: 200) { totalCount edges { node {
  status outcome reason handledBy { name } raisedBy { username }
  declaration { item subjectName subject { name } } } } } }"""

ACCOUNTS = """{ accounts(first: 200) { totalCount edges { node {
  ruleset periodStart subject { name homeUnit { name } }
  balance { total counted vetoes buckets { bucket points } }
  entries { seq item points kind eventKey reverses { seq } decidedBy { username } } } } } }"""

UNITS = """{ orgUnits(first: 200) { totalCount edges { node { name kind depth parentId childCount } } } }"""

SUBJECTS = """{ subjects(first: 200) { totalCount edges { node {
  name kind category homeUnit { name kind } hostUnit { name } } } } }"""


WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "COPY", "CREATE", "ALTER", "DROP")


def _count(client, query) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        result = client.graphql(query)
    assert "errors" not in result, result["errors"]
    # a query never writes: not a cache row, not a computed figure. (Authentication at the
    # door notes when a token was last used, at most once a minute; no resolver does.)
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(WRITES) and '"access_apitoken"' not in q["sql"]
    ]
    assert not writes, writes
    # the door's note of a token's use comes at most once a minute, whatever the list: on a
    # slow machine it falls into one of the two requests compared, so it is not counted
    touches = [q for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    return len(queries) - len(touches), result


def _total(result) -> int:
    return next(iter(result["data"].values()))["totalCount"]


def _declarations(users, start: int, stop: int) -> None:
    """Declarations start..stop-1 about 甲县党员乙: accepted, on a board, objected to."""
    member, secretary = users["member_1"], users["secretary_1"]
    target = subject("甲县党员乙")
    day = recent_day()
    for n in range(start, stop):
        declaration = procedure.declaration_submit(
            actor=member,
            data=DeclarationInput(
                key=f"qc-{n}", subject_id=target.pk, item="task_not_done", occurred_on=day,
                attributes={}, note=f"第{n}次",
            ),
        )  # fmt: skip
        procedure.declaration_review(actor=secretary, declaration=declaration, decision="accept")
    [board] = procedure.board_publish(
        actor=secretary, unit=target.home_unit, covers_start=day, covers_end=day
    )
    for declaration in board.declarations.filter(objections__isnull=True):
        procedure.objection_raise(actor=member, declaration=declaration, reason="不属实")


def _grows_not(client, query, build, expect_10: int, expect_100: int) -> None:
    build(0, 10)
    _count(client, query)  # warm up: the first request fills per-process caches
    few, result = _count(client, query)
    assert _total(result) >= expect_10
    build(10, 100)
    many, result = _count(client, query)
    assert _total(result) >= expect_100
    assert many == few, f"{few} queries for 10 rows, {many} for 100"


@pytest.mark.parametrize("query", [DECLARATIONS, OBJECTIONS], ids=["declarations", "objections"])
def test_declaration_and_objection_lists(users, client_for, query):
    _grows_not(
        client_for("alpha", "secretary_1"),
        query,
        lambda a, b: _declarations(users, a, b),
        10,
        100,
    )


def test_boards_with_their_declarations(users, client_for):
    client = client_for("alpha", "secretary_1")
    _declarations(users, 0, 10)
    _count(client, BOARDS)
    few, result = _count(client, BOARDS)
    _declarations(users, 10, 100)
    many, result = _count(client, BOARDS)
    declarations = sum(len(e["node"]["declarations"]) for e in result["data"]["boards"]["edges"])
    assert declarations == 100
    assert many == few


def test_accounts_with_balances_and_entries(users, in_alpha, client_for):
    branch = OrgUnit.objects.get(pk=in_alpha.branch_2)

    def build(start, stop):
        for person in PersonFactory.create_batch(stop - start, home_unit=branch):
            event_record(
                actor=system_actor(),
                data=EventInput(
                    key=f"acc-{person.pk}", subject_id=person.pk, item="task_not_done",
                    occurred_on=date(2026, 3, 5),
                ),
            )  # fmt: skip

    _grows_not(client_for("alpha", "county"), ACCOUNTS, build, 10, 100)


def test_units_with_their_parents(in_alpha, client_for):
    township = OrgUnit.objects.get(pk=in_alpha.township_1)

    def build(start, stop):
        UnitFactory.create_batch(stop - start, parent=township)

    _grows_not(client_for("alpha", "county"), UNITS, build, 10, 100)


def test_subjects_with_their_units(in_alpha, client_for):
    branch = OrgUnit.objects.get(pk=in_alpha.branch_2)
    host = OrgUnit.objects.get(pk=in_alpha.branch_1)

    def build(start, stop):
        PersonFactory.create_batch(stop - start, home_unit=branch, host_unit=host)

    _grows_not(client_for("alpha", "county"), SUBJECTS, build, 10, 100)


USERS = """{ users(first: 200) { totalCount edges { node {
  username displayName isActive mustChangePassword roles { role unit { name } } } } } }"""


def test_managed_users_with_their_roles(in_alpha, client_for):
    from jifen.access.models import User
    from jifen.org.models import Role, RoleAssignment

    branch = OrgUnit.objects.get(pk=in_alpha.branch_2)

    def build(start, stop):
        users = User.objects.bulk_create(
            User(username=f"qc_user_{n}", password="!") for n in range(start, stop)
        )
        RoleAssignment.objects.bulk_create(
            RoleAssignment(user=u, role=r, unit=branch)
            for u in users
            for r in (Role.MEMBER, Role.RECORDER)
        )

    _grows_not(client_for("alpha", "admin"), USERS, build, 10, 100)


RESULTS = """query($id: ID!) { periodClose(id: $id) { status unit { name } results {
  subjectName total grade rank stars vetoed buckets { bucket points } flags
  subject { name homeUnit { name } } } } }"""
RESULTS_EXPLAINED = """query($id: ID!) { periodClose(id: $id) { results {
  subjectName ...why } } } fragment why on PeriodResult { explain }"""


def _branch_closed(in_alpha, members: int):
    """A new branch of `members` members with points booked, its 2026 closed."""
    from jifen.testing.factories import UnitFactory as Units

    branch = Units(parent=OrgUnit.objects.get(pk=in_alpha.township_1))
    people = PersonFactory.create_batch(members, home_unit=branch, category="member")
    for n, person in enumerate(people):  # distinct totals: no tie for a quota to decide
        for item, quantity in (("party_day_late", 1 + n % 50), ("task_not_done", 1 + n // 50)):
            event_record(
                actor=system_actor(),
                data=EventInput(key=f"res-{person.pk}-{item}", subject_id=person.pk, item=item,
                                occurred_on=date(2026, 3, 5), quantity=quantity),
            )  # fmt: skip
    closes = procedure.period_close(
        actor=system_actor(), unit=branch, period_start=date(2026, 1, 1), today=date(2027, 1, 5)
    )
    return closes[0]


def test_a_branch_results_page_costs_the_same_for_10_and_100_members(users, in_alpha, client_for):
    from jifen.graphql.ids import to_global_id

    client = client_for("alpha", "county")

    def page(members):
        close = _branch_closed(in_alpha, members)
        variables = {"id": to_global_id("PeriodClose", close.pk)}
        client.graphql(RESULTS, variables)  # warm up
        with CaptureQueriesContext(connection) as queries:
            result = client.graphql(RESULTS, variables)
        assert "errors" not in result, result
        assert len(result["data"]["periodClose"]["results"]) == members
        assert not any('"explain"' in q["sql"] for q in queries.captured_queries)
        explained = client.graphql(RESULTS_EXPLAINED, variables)["data"]["periodClose"]
        assert all(r["explain"] for r in explained["results"])  # read when asked for
        return len(queries)

    assert page(10) == page(100)
