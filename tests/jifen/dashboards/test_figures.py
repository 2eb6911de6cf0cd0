"""The charts' figures: stored at refresh, read through the API by the subtree's readers."""

import datetime as dt

from jifen.access.models import User
from jifen.access.services import system_actor
from jifen.dashboards.models import UnitDashboard
from jifen.dashboards.services import dashboards_refresh
from jifen.graphql.ids import Node
from jifen.ledger.services import EventInput, event_record
from jifen.org.models import OrgUnit
from jifen.subjects.models import Subject

DAY = dt.date(2026, 5, 6)

QUERY = """query($u: ID!) { dashboard(unit: $u) {
  unitName hasChildren buckets { code points } categories { code points }
  months { month declared reviewed } escalated
  late { reviews { total } boards { total } filing { total } declarations { total units { name count } } }
  fairness { branchesTotal branches { key name n min max identical }
             recorders { username deductions subjects topName outlier } }
  members { name total } membersTotal } }"""


def _record(actor, key: str, name: str, item: str) -> None:
    subject = Subject.objects.get(name=name)
    event_record(
        actor=actor,
        data=EventInput(key=key, subject_id=subject.pk, item=item, occurred_on=DAY),
    )


def test_refresh_stores_buckets_members_and_fairness_outliers(yongzhou, in_alpha):
    # given: a recorder who deducts only from 党员甲 (twice), a volunteer bonus for 乙
    recorder = User.objects.get(username="recorder_1")
    _record(recorder, "late-1", "甲县党员甲", "party_day_late")
    _record(recorder, "late-2", "甲县党员甲", "party_day_absent")
    _record(system_actor(), "v", "甲县党员乙", "volunteer")
    # when
    dashboards_refresh(on=DAY)
    # then
    county = UnitDashboard.objects.get(unit=in_alpha.root).figures
    assert county["buckets"] == {"basic": -3.0, "bonus": 2.0}
    assert county["fairness"]["recorders"] == [
        {
            "username": "recorder_1",
            "name": "recorder_1",
            "deductions": 2,
            "subjects": 1,
            "top_subject": Subject.objects.get(name="甲县党员甲").pk,
            "top_name": "甲县党员甲",
            "top_share": 1.0,
            "outlier": True,
        }
    ]
    branches = {b["name"]: b for b in county["fairness"]["branches"]}
    # branch 1 scores 甲 (-3) and 乙 (+2) and hosts the floating member (0)
    assert (branches["甲县一支部"]["n"], branches["甲县一支部"]["min"]) == (3, -3.0)
    assert branches["甲县一支部"]["max"] == 2.0
    assert not branches["甲县一支部"]["identical"]
    assert county["months"][0] == {"month": "2026-01", "declared": 0, "reviewed": 0}
    assert len(county["months"]) == 12
    branch_1 = UnitDashboard.objects.get(unit_id=in_alpha.branch_1).figures
    assert [(m["name"], m["total"]) for m in branch_1["members"]] == [
        ("甲县党员乙", 2.0),
        ("甲县流动党员", 0.0),
        ("甲县党员甲", -3.0),
    ]
    # nobody in the county declared for a month: every scoring branch is quiet
    quiet = {u["name"]: u["count"] for u in county["late"]["declarations"]["units"]}
    assert quiet == {"甲县一支部": 3, "甲县二支部": 1, "甲县三支部": 1}


def test_identical_scores_are_marked(yongzhou, in_alpha):
    branch = OrgUnit.objects.get(pk=in_alpha.branch_2)
    from jifen.testing.factories import PersonFactory

    for i in range(2):
        PersonFactory(home_unit=branch, name=f"同分{i}")
    _record(system_actor(), "v", "甲县党员乙", "volunteer")  # branch 1 is not all equal
    dashboards_refresh(on=DAY)
    figures = UnitDashboard.objects.get(unit=in_alpha.root).figures
    first = figures["fairness"]["branches"][0]
    assert (first["name"], first["n"], first["identical"]) == ("甲县二支部", 3, True)
    others = [b for b in figures["fairness"]["branches"] if b["name"] != "甲县二支部"]
    assert [b["identical"] for b in others] == [False, False]  # 三支部 scores one member


def test_a_superior_reads_the_figures_and_pages_the_sub_units(yongzhou, in_alpha, client_for):
    _record(User.objects.get(username="recorder_1"), "late-1", "甲县党员甲", "party_day_late")
    dashboards_refresh(on=DAY)
    county = client_for("alpha", "county")
    root = Node.to_global_id("OrgUnit", in_alpha.root)
    data = county.graphql(QUERY, {"u": root})["data"]["dashboard"]
    assert data["unitName"] == "甲县" and data["hasChildren"] is True
    assert data["buckets"] == [{"code": "basic", "points": -1.0}]
    assert data["fairness"]["branchesTotal"] == 3
    assert data["fairness"]["recorders"] == [
        {
            "username": "recorder_1",
            "deductions": 1,
            "subjects": 1,
            "topName": "甲县党员甲",
            "outlier": False,  # one deduction is no pattern
        }
    ]
    children = """query($u: ID!, $s: String, $o: Int, $f: Int) {
      dashboardChildren(unit: $u, search: $s, offset: $o, first: $f) {
        totalCount items { unit unitName subjects } } }"""
    page = county.graphql(children, {"u": root, "f": 1})["data"]["dashboardChildren"]
    assert page["totalCount"] == 2
    assert [i["unitName"] for i in page["items"]] == ["甲县一镇党委"]
    page = county.graphql(children, {"u": root, "o": 1, "f": 1})["data"]["dashboardChildren"]
    assert [(i["unitName"], i["subjects"]) for i in page["items"]] == [("甲县二镇党委", 1)]
    searched = county.graphql(children, {"u": root, "s": "二镇"})["data"]["dashboardChildren"]
    assert [i["unitName"] for i in searched["items"]] == ["甲县二镇党委"]
    assert searched["items"][0]["unit"] == Node.to_global_id("OrgUnit", in_alpha.township_2)


def test_a_member_gets_no_dashboard(yongzhou, in_alpha, client_for):
    branch_1 = Node.to_global_id("OrgUnit", in_alpha.branch_1)
    member = client_for("alpha", "member_1")
    assert member.graphql(QUERY, {"u": branch_1})["data"]["dashboard"] is None
    children = "query($u: ID!) { dashboardChildren(unit: $u) { totalCount } }"
    assert member.graphql(children, {"u": branch_1})["data"]["dashboardChildren"] is None


def test_another_subtree_gets_no_dashboard(yongzhou, in_alpha, client_for):
    township_2 = Node.to_global_id("OrgUnit", in_alpha.township_2)
    township_1 = client_for("alpha", "township_1")
    assert township_1.graphql(QUERY, {"u": township_2})["data"]["dashboard"] is None
    children = "query($u: ID!) { dashboardChildren(unit: $u) { totalCount } }"
    assert township_1.graphql(children, {"u": township_2})["data"]["dashboardChildren"] is None
    own = Node.to_global_id("OrgUnit", in_alpha.township_1)
    assert township_1.graphql(QUERY, {"u": own})["data"]["dashboard"]["unitName"] == "甲县一镇党委"
    # the breadcrumb stops where their subtree starts; the county's goes up to the county
    trail = "query($u: ID!) { dashboard(unit: $u) { trail { name } } }"
    branch_1 = Node.to_global_id("OrgUnit", in_alpha.branch_1)
    assert township_1.graphql(trail, {"u": branch_1})["data"]["dashboard"]["trail"] == [
        {"name": "甲县一镇党委"}
    ]
    county = client_for("alpha", "county").graphql(trail, {"u": branch_1})
    assert [u["name"] for u in county["data"]["dashboard"]["trail"]] == ["甲县", "甲县一镇党委"]


def test_another_tenant_gets_no_dashboard(yongzhou, in_alpha, client_for):
    root = Node.to_global_id("OrgUnit", in_alpha.root)
    other = client_for("beta", "county")
    assert other.graphql(QUERY, {"u": root})["data"]["dashboard"] is None
    children = "query($u: ID!) { dashboardChildren(unit: $u) { totalCount } }"
    assert other.graphql(children, {"u": root})["data"]["dashboardChildren"] is None
