"""Who sees which part of the organisation tree and which subjects."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from jifen.access.models import User
from jifen.org import selectors
from jifen.org.models import OrgUnit, UnitKind
from jifen.org.services import unit_create
from jifen.subjects.models import Subject, SubjectKind
from jifen.subjects.selectors import subject_list

TREE = "{ orgUnits(first: 100) { totalCount edges { node { name depth } } } }"
SUBJECTS = "{ subjects(first: 100) { totalCount edges { node { name } } } }"


def _names(result, field):
    return sorted(edge["node"]["name"] for edge in result["data"][field]["edges"])


def test_branch_secretary_sees_only_their_branch(alpha, client_for):
    client = client_for("alpha", "secretary_1")
    assert _names(client.graphql(TREE), "orgUnits") == ["甲县一支部"]
    # their own members plus the floating member they host, nobody from other branches
    assert _names(client.graphql(SUBJECTS), "subjects") == [
        "甲县党员乙",
        "甲县党员甲",
        "甲县流动党员",
    ]


def test_county_sees_the_whole_tree_and_every_subject(alpha, client_for):
    client = client_for("alpha", "county")
    tree = client.graphql(TREE)["data"]["orgUnits"]
    assert tree["totalCount"] == 6
    assert tree["edges"][0]["node"] == {"name": "甲县", "depth": 1}
    assert client.graphql(SUBJECTS)["data"]["subjects"]["totalCount"] == 5


def test_township_superior_sees_its_subtree_only(alpha, client_for):
    client = client_for("alpha", "township_1")
    assert _names(client.graphql(TREE), "orgUnits") == ["甲县一支部", "甲县一镇党委", "甲县二支部"]
    # 流动党员 is homed in branch 3 (township 2) but hosted in branch 1, so township 1 sees it
    assert _names(client.graphql(SUBJECTS), "subjects") == [
        "甲县党员丙", "甲县党员乙", "甲县党员甲", "甲县流动党员",
    ]  # fmt: skip


def test_member_sees_their_own_record_only(alpha, client_for):
    client = client_for("alpha", "member_1")
    assert _names(client.graphql(SUBJECTS), "subjects") == ["甲县党员甲"]
    assert _names(client.graphql(TREE), "orgUnits") == ["甲县一支部"]


def test_anonymous_sees_nothing(alpha, client_for):
    client = client_for("alpha")
    assert client.graphql(TREE)["data"]["orgUnits"]["totalCount"] == 0
    assert client.graphql(SUBJECTS)["data"]["subjects"]["totalCount"] == 0


def test_subtree_query_on_root_argument_and_depth(alpha, client_for):
    from jifen.graphql.ids import Node

    client = client_for("alpha", "county")
    with schema_context("alpha"):
        township = Node.to_global_id("OrgUnit", alpha.township_1)
    result = client.graphql(
        "query($root: ID) { orgUnits(under: $root, maxDepth: 0, first: 10) "
        "{ edges { node { name } } } }",
        {"root": township},
    )
    assert _names(result, "orgUnits") == ["甲县一镇党委"]


def test_secretary_cannot_widen_scope_with_a_root_outside_it(alpha, client_for):
    from jifen.graphql.ids import Node

    client = client_for("alpha", "secretary_1")
    with schema_context("alpha"):
        county_root = Node.to_global_id("OrgUnit", alpha.root)
    result = client.graphql(
        "query($root: ID) { orgUnits(under: $root, first: 10) { totalCount } }",
        {"root": county_root},
    )
    assert result["data"]["orgUnits"]["totalCount"] == 0


@pytest.mark.django_db
def test_subtree_of_a_large_tree_is_exact(alpha):
    # given 3 000 units: 30 townships × 10 branches × 9 groups
    with schema_context("alpha"):
        root = OrgUnit.objects.get(pk=alpha.root)
        target = None
        for t in range(30):
            township = unit_create(parent=root, name=f"镇{t:02d}", kind=UnitKind.COMMITTEE)
            for b in range(10):
                branch = unit_create(
                    parent=township, name=f"镇{t:02d}支部{b}", kind=UnitKind.BRANCH
                )
                for g in range(9):
                    unit_create(parent=branch, name=f"镇{t:02d}支部{b}小组{g}", kind=UnitKind.GROUP)
            if t == 17:
                target = township
        # when we take one township's subtree
        subtree = selectors.subtree(target)
        # then it is that township, its 10 branches and their 90 groups, nothing else
        assert subtree.count() == 1 + 10 + 90
        assert all(name.startswith("镇17") for name in subtree.values_list("name", flat=True))


def test_subject_list_query_count_does_not_grow_with_rows(alpha):
    with schema_context("alpha"):
        user = User.objects.get(username="county")
        branch = OrgUnit.objects.get(pk=alpha.branch_2)
        Subject.objects.bulk_create(
            Subject(kind=SubjectKind.PERSON, name=f"批量{i}", home_unit=branch) for i in range(200)
        )
        with CaptureQueriesContext(connection) as queries:
            rows = [(s.name, s.home_unit.name) for s in subject_list(user=user)]
        assert len(rows) == 205
        assert len(queries) == 2  # the role lookup and one joined select


def test_a_picker_searches_the_units_it_may_see(alpha, client_for):
    query = "query($s: String) { orgUnits(first: 20, search: $s) { totalCount edges { node { name } } } }"
    county = client_for("alpha", "county").graphql(query, {"s": "二"})
    assert _names(county, "orgUnits") == ["甲县二支部", "甲县二镇党委"]
    # the township sees only its own subtree's matches
    township = client_for("alpha", "township_1").graphql(query, {"s": "二"})
    assert _names(township, "orgUnits") == ["甲县二支部"]
    assert (
        client_for("beta", "county").graphql(query, {"s": "甲县"})["data"]["orgUnits"]["totalCount"]
        == 0
    )
