"""Cross review in a village (seed 004 第一篇 四(三)): evaluation groups of at least five, one
per grid, each assigned to review another grid's household declarations before publicity;
a group never reviews its own grid."""

import datetime as dt

import pytest
from django.utils import timezone

from jifen.graphql.ids import Node
from jifen.org.models import CrossReview, EvaluationGroup, OrgUnit, Role, UnitKind
from jifen.org.services import unit_create
from jifen.procedure import services as procedure
from jifen.procedure.services import DeclarationInput
from jifen.subjects.models import Subject
from jifen.testing.factories import UserFactory
from jifen.testing.worlds import publish_template, tenant_admin

gid = Node.to_global_id

CREATE = """mutation($a: ID!, $n: String!, $u: [String!]!) {
  evaluationGroupCreate(area: $a, name: $n, usernames: $u) {
    group { id name area { name } members } errors { code field message }
  }
}"""
ASSIGN = """mutation($g: ID!, $u: ID!) {
  crossReviewAssign(group: $g, unit: $u) {
    group { name reviews { name } } errors { code field message }
  }
}"""
REVIEW = """mutation($d: ID!) {
  declarationReview(declaration: $d, decision: ACCEPT) {
    declaration { status } errors { code message }
  }
}"""
GROUPS = """query($u: ID!) { evaluationGroups(unit: $u) { name area { name } reviews { name } } }"""


@pytest.fixture
def village(in_alpha):
    """彭墩村 under township 1 with grids 一组 and 二组 (a household each, a grid worker each),
    its secretary, and ten evaluators (e1 … e10, evaluation-group members of the village)."""
    township = OrgUnit.objects.get(pk=in_alpha.township_1)
    village = unit_create(parent=township, name="彭墩村", kind=UnitKind.VILLAGE)
    grids = [unit_create(parent=village, name=f"{n}组", kind=UnitKind.GRID) for n in "一二"]
    publish_template("household-140-stars", "household", village.pk, effective_from=dt.date(2020, 1, 1),
                     subject_kind="household")  # fmt: skip
    households = [
        Subject.objects.create(
            kind="household", name=f"{g.name}张家", category="household", home_unit=g
        )
        for g in grids
    ]
    UserFactory(username="village_secretary", roles=[(Role.SECRETARY, village)])
    for i, grid in enumerate(grids, start=1):
        UserFactory(username=f"grid_{i}", roles=[(Role.GRID_WORKER, grid)])
    for i in range(1, 11):
        UserFactory(username=f"e{i}", roles=[(Role.EVALUATOR, village)])
    return {"village": village, "grids": grids, "households": households}


def _declared(village, grid_no: int):
    worker = UserFactory(username=f"grid_{grid_no}")
    household = village["households"][grid_no - 1]
    return procedure.declaration_submit(
        actor=worker,
        data=DeclarationInput(
            key=f"tidy-{household.pk}", subject_id=household.pk, item="tidy_month",
            occurred_on=timezone.localdate() - dt.timedelta(days=1), attributes={},
        ),
    )  # fmt: skip


def _group(village, grid_no: int, members) -> EvaluationGroup:
    group = EvaluationGroup.objects.create(
        area=village["grids"][grid_no - 1], name=f"第{grid_no}评议小组"
    )
    group.members.set([UserFactory(username=m) for m in members])
    return group


def test_the_village_forms_groups_and_assigns_cross_review(village, client_for):
    secretary = client_for("alpha", "village_secretary")
    one, two = (gid("OrgUnit", g.pk) for g in village["grids"])
    made = secretary.graphql(
        CREATE, {"a": one, "n": "第一评议小组", "u": [f"e{i}" for i in range(1, 6)]}
    )
    made = made["data"]["evaluationGroupCreate"]
    assert made["errors"] == [] and made["group"]["area"] == {"name": "一组"}
    assert made["group"]["members"] == ["e1", "e2", "e3", "e4", "e5"]
    # at least five members (原則上每組不少於5人)
    small = secretary.graphql(CREATE, {"a": two, "n": "小组", "u": ["e6", "e7", "e8", "e9"]})
    assert [(e["code"], e["field"]) for e in small["data"]["evaluationGroupCreate"]["errors"]] == [
        ("VALIDATION_FAILED", "usernames")
    ]
    group = made["group"]["id"]
    # a group cannot review its own grid
    own = secretary.graphql(ASSIGN, {"g": group, "u": one})["data"]["crossReviewAssign"]
    assert [(e["code"], e["field"]) for e in own["errors"]] == [("VALIDATION_FAILED", "unit")]
    assigned = secretary.graphql(ASSIGN, {"g": group, "u": two})["data"]["crossReviewAssign"]
    assert assigned == {
        "group": {"name": "第一评议小组", "reviews": [{"name": "二组"}]},
        "errors": [],
    }
    listed = secretary.graphql(GROUPS, {"u": gid("OrgUnit", village["village"].pk)})
    assert listed["data"]["evaluationGroups"] == [
        {"name": "第一评议小组", "area": {"name": "一组"}, "reviews": [{"name": "二组"}]}
    ]
    # wrong role: an evaluator; other subtree: another branch's secretary; other tenant
    worker = client_for("alpha", "e1").graphql(ASSIGN, {"g": group, "u": two})
    assert worker["data"]["crossReviewAssign"]["errors"][0]["code"] == "PERMISSION_DENIED"
    assert CrossReview.objects.count() == 1
    for slug, user in (("alpha", "secretary_2"), ("beta", "admin")):
        refused = client_for(slug, user).graphql(ASSIGN, {"g": group, "u": two})
        assert refused["data"]["crossReviewAssign"]["errors"][0]["code"] == "NOT_FOUND"
        assert (
            client_for(slug, user).graphql(GROUPS, {"u": gid("OrgUnit", village["village"].pk)})[
                "data"
            ]["evaluationGroups"]
            == []
        )


def test_a_group_reviews_the_grid_assigned_to_it_and_not_its_own(village, client_for):
    admin = tenant_admin()
    first = _group(village, 1, [f"e{i}" for i in range(1, 6)])
    second = _group(village, 2, [f"e{i}" for i in range(6, 11)])
    from jifen.org.evaluation import cross_review_assign

    cross_review_assign(actor=admin, group=first, reviewed=village["grids"][1])
    cross_review_assign(actor=admin, group=second, reviewed=village["grids"][0])
    in_two, in_one = _declared(village, 2), _declared(village, 1)
    # group 2 looks after 二组: it may not review there, even with the evaluator role
    own = client_for("alpha", "e6").graphql(REVIEW, {"d": gid("Declaration", in_two.pk)})
    own = own["data"]["declarationReview"]
    assert [e["code"] for e in own["errors"]] == ["PERMISSION_DENIED"]
    assert "二组" in own["errors"][0]["message"]
    # group 1 was assigned 二组: its member reviews the declaration, which then goes on to
    # publicity like any other
    done = client_for("alpha", "e1").graphql(REVIEW, {"d": gid("Declaration", in_two.pk)})
    assert done["data"]["declarationReview"] == {
        "declaration": {"status": "ACCEPTED"},
        "errors": [],
    }
    crossed = client_for("alpha", "e7").graphql(REVIEW, {"d": gid("Declaration", in_one.pk)})
    assert crossed["data"]["declarationReview"]["errors"] == []
    [board] = procedure.board_publish(
        actor=UserFactory(username="village_secretary"), unit=village["grids"][1],
        covers_start=in_two.occurred_on, covers_end=in_two.occurred_on,
    )  # fmt: skip
    in_two.refresh_from_db()
    assert in_two.board_id == board.pk


def test_a_group_short_of_five_is_not_assigned(village):
    group = _group(village, 1, ["e1", "e2", "e3", "e4", "e5"])
    group.members.remove(UserFactory(username="e5"))
    from jifen.errors import ValidationFailed
    from jifen.org.evaluation import cross_review_assign

    with pytest.raises(ValidationFailed, match="at least 5"):
        cross_review_assign(actor=tenant_admin(), group=group, reviewed=village["grids"][1])
