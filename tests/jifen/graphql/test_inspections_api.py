"""Food sellers through GraphQL: inspectors of the station record inspections and licence
files (not a supervisor, not another station's inspector, not another tenant); the
business and the station read the grade and its timeline; the business appeals, the
station answers."""

from __future__ import annotations

import pytest

from jifen.graphql.ids import to_global_id
from jifen.inspections.models import GradeAppeal, Inspection, RiskGrade
from jifen.notifications.models import Notification
from jifen.org.models import Role, UnitKind
from jifen.org.services import unit_create, unit_root
from jifen.rulebook.models import RulesetAssignment
from jifen.subjects.models import Subject
from jifen.testing.factories import UserFactory
from jifen.testing.worlds import publish_template
from tests.jifen.graphql.conftest import codes, today

ITEMS = ["item_1_1", "item_1_2", "item_2_1", "item_2_2", "item_2_3", "item_3_1", "item_3_2",
         "item_3_3", "item_3_4", "item_3_5", "item_3_6"]  # fmt: skip

RECORD = """mutation($subject: ID!, $on: Date!, $results: [ChecklistAnswerInput!]!, $key: String!) {
  inspectionRecord(key: $key, subject: $subject, inspectedOn: $on, results: $results,
                   findings: "冷柜温度偏高", signatureRefused: "负责人不在场") {
    inspection { dynamicTotal checklist { code result points } inspector { username } }
    errors { field code message } } }"""
ASSESS = """mutation($subject: ID!, $on: Date!) {
  licenceAssess(key: "l1", subject: $subject, assessedOn: $on, businessType: "超市",
                values: [{code: "premises_area", value: 2500}, {code: "prepackaged_chilled", value: 700}]) {
    assessment { total lines { code value points } } errors { field code message } } }"""
GRADE = """query($subject: ID!) { riskGrade(subject: $subject) {
  grade total lastInspectedOn history { fromGrade toGrade reason }
  inspections { dynamicTotal } licenceAssessment { total } appeals { status } } }"""
TABLES = """query($subject: ID!) { riskGradingTables(subject: $subject) {
  source appealDays staticFactors { code max bands { upTo points } } dynamicChecklist { code points } } }"""
OVERDUE = """query($unit: ID!) { inspectionsOverdue(unit: $unit, on: "2099-12-31") { name seq } }"""
APPEAL = """mutation($subject: ID!) { gradeAppealRaise(subject: $subject, reason: "冷柜已更换", requestedGrade: "A") {
  appeal { id status contestedGrade answerDue } errors { field code message } } }"""
ANSWER = """mutation($appeal: ID!) { gradeAppealAnswer(appeal: $appeal, upheld: true, answer: "复查属实", newGrade: "A") {
  appeal { status newGrade } errors { field code message } } }"""


@pytest.fixture
def market(in_alpha, users):
    root = unit_root()
    stations = {}
    for code in ("a", "b"):
        unit = unit_create(parent=root, name=f"{code}市场监管所", kind=UnitKind.STATION)
        publish_template("food-seller-risk", f"food{code}", unit.pk)
        RulesetAssignment.objects.filter(unit=unit).update(subject_kind="business")
        UserFactory(username=f"inspector_{code}", roles=[(Role.INSPECTOR, unit)])
        stations[code] = unit
    UserFactory(username="supervisor_a", roles=[(Role.SUPERVISOR, stations["a"])])
    UserFactory(username="chief_a", roles=[(Role.SUPERIOR, stations["a"])])
    seller = UserFactory(username="seller_a", roles=[])
    shop = Subject.objects.create(kind="business", name="张记超市", category="licensed",
                                  home_unit=stations["a"], user=seller, attributes={"address": "城关路1号"})  # fmt: skip
    return {"stations": stations, "shop": shop, "gid": to_global_id("Subject", shop.pk)}


def _results(failed=()):
    return [{"code": c, "result": "FAIL" if c in failed else "PASS"} for c in ITEMS]


def _record(client, market, key="i1", failed=("item_3_1",)):
    variables = {
        "subject": market["gid"],
        "on": str(today()),
        "results": _results(failed),
        "key": key,
    }
    return client.graphql(RECORD, variables)


def test_the_station_inspector_records_an_inspection_and_the_grade_follows(market, client_for):
    result = _record(client_for("alpha", "inspector_a"), market)["data"]["inspectionRecord"]
    assert result["errors"] == []
    assert result["inspection"]["dynamicTotal"] == 1.0
    assert result["inspection"]["inspector"] == {"username": "inspector_a"}
    assessed = client_for("alpha", "inspector_a").graphql(
        ASSESS, {"subject": market["gid"], "on": str(today())}
    )
    # 2001–3000 m² → 3; 601–1000 chilled pre-packaged items → 5
    assert assessed["data"]["licenceAssess"]["assessment"]["total"] == 8.0
    grade = client_for("alpha", "seller_a").graphql(GRADE, {"subject": market["gid"]})["data"][
        "riskGrade"
    ]
    assert (
        grade["grade"] == "A" and grade["total"] == 9.0 and grade["lastInspectedOn"] == str(today())
    )
    assert grade["history"] == [{"fromGrade": "", "toGrade": "A", "reason": "INSPECTION"}]
    assert grade["licenceAssessment"] == {"total": 8.0}


def test_recording_needs_an_inspector_of_the_station_in_this_tenant(market, client_for):
    assert codes(_record(client_for("alpha", "supervisor_a"), market), "inspectionRecord") == [
        "PERMISSION_DENIED"
    ]
    assert codes(_record(client_for("alpha", "inspector_b"), market), "inspectionRecord") == [
        "NOT_FOUND"
    ]
    assert codes(_record(client_for("beta", "admin"), market), "inspectionRecord") == ["NOT_FOUND"]
    variables = {"subject": market["gid"], "on": str(today())}
    for username, code in (("supervisor_a", "PERMISSION_DENIED"), ("inspector_b", "NOT_FOUND")):
        assert codes(client_for("alpha", username).graphql(ASSESS, variables), "licenceAssess") == [
            code
        ]
    assert codes(client_for("beta", "admin").graphql(ASSESS, variables), "licenceAssess") == [
        "NOT_FOUND"
    ]
    assert not Inspection.objects.exists() and not RiskGrade.objects.exists()


def test_a_missing_checklist_answer_is_refused_at_its_field(market, client_for):
    variables = {
        "subject": market["gid"],
        "on": str(today()),
        "results": _results()[:-1],
        "key": "x",
    }
    errors = client_for("alpha", "inspector_a").graphql(RECORD, variables)["data"][
        "inspectionRecord"
    ]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("results.item_3_6", "VALIDATION_FAILED")]


def test_reading_grades_and_tables_is_scoped(market, client_for):
    _record(client_for("alpha", "inspector_a"), market)
    variables = {"subject": market["gid"]}
    assert (
        client_for("alpha", "supervisor_a").graphql(GRADE, variables)["data"]["riskGrade"]["grade"]
        == "A"
    )
    assert client_for("alpha", "inspector_b").graphql(GRADE, variables)["data"]["riskGrade"] is None
    assert client_for("alpha", "member_1").graphql(GRADE, variables)["data"]["riskGrade"] is None
    assert client_for("beta", "admin").graphql(GRADE, variables)["data"]["riskGrade"] is None
    tables = client_for("alpha", "inspector_a").graphql(TABLES, variables)["data"][
        "riskGradingTables"
    ]
    assert sum(f["max"] for f in tables["staticFactors"]) == 40 and tables["appealDays"] == 60
    assert tables["staticFactors"][0]["bands"][0] == {"upTo": 200.0, "points": 1.0}
    assert (
        client_for("alpha", "inspector_b").graphql(TABLES, variables)["data"]["riskGradingTables"]
        is None
    )


def test_overdue_inspections_are_listed_for_the_station_only(market, client_for):
    from jifen.inspections.models import InspectionPlan, PlannedInspection

    plan = InspectionPlan.objects.create(subject=market["shop"], year=2099, grade="C", required=2,
                                         planned_on=["2099-03-02", "2099-07-02"])  # fmt: skip
    PlannedInspection.objects.create(plan=plan, seq=1, due_on="2099-03-02")
    PlannedInspection.objects.create(plan=plan, seq=2, due_on="2099-07-02")
    unit = {"unit": to_global_id("OrgUnit", market["stations"]["a"].pk)}
    assert client_for("alpha", "inspector_a").graphql(OVERDUE, unit)["data"]["inspectionsOverdue"] == [
        {"name": "张记超市", "seq": 1}, {"name": "张记超市", "seq": 2},
    ]  # fmt: skip
    planned = """query($subject: ID!) { riskGrade(subject: $subject) { plannedInspections { seq dueOn } } }"""
    read = client_for("alpha", "seller_a").graphql(planned, {"subject": market["gid"]})
    assert read["data"]["riskGrade"]["plannedInspections"] == [
        {"seq": 1, "dueOn": "2099-03-02"}, {"seq": 2, "dueOn": "2099-07-02"},
    ]  # fmt: skip
    assert (
        client_for("alpha", "inspector_b").graphql(OVERDUE, unit)["data"]["inspectionsOverdue"]
        == []
    )
    assert (
        client_for("alpha", "member_1").graphql(OVERDUE, unit)["data"]["inspectionsOverdue"] == []
    )
    assert client_for("beta", "admin").graphql(OVERDUE, unit)["data"]["inspectionsOverdue"] == []


def test_the_business_appeals_and_an_upheld_answer_changes_the_grade(market, client_for):
    _record(client_for("alpha", "inspector_a"), market, failed=("item_3_1", "item_3_2"))
    grade = RiskGrade.objects.get(subject=market["shop"])
    grade.grade = "B"  # graded B (say, before a re-inspection); the business contests it
    grade.save()
    variables = {"subject": market["gid"]}
    for username, code in (("inspector_a", "PERMISSION_DENIED"), ("inspector_b", "NOT_FOUND")):
        assert codes(
            client_for("alpha", username).graphql(APPEAL, variables), "gradeAppealRaise"
        ) == [code]
    assert codes(client_for("beta", "admin").graphql(APPEAL, variables), "gradeAppealRaise") == [
        "NOT_FOUND"
    ]
    raised = client_for("alpha", "seller_a").graphql(APPEAL, variables)["data"]["gradeAppealRaise"]
    assert raised["errors"] == [] and raised["appeal"]["status"] == "OPEN"
    assert raised["appeal"]["contestedGrade"] == "B"
    appeal = {"appeal": raised["appeal"]["id"]}
    assert Notification.objects.filter(
        kind="grade_appeal_raised", recipient__username="chief_a"
    ).exists()
    for username, code in (("inspector_a", "PERMISSION_DENIED"), ("seller_a", "PERMISSION_DENIED"),
                           ("inspector_b", "NOT_FOUND")):  # fmt: skip
        assert codes(
            client_for("alpha", username).graphql(ANSWER, appeal), "gradeAppealAnswer"
        ) == [code]
    assert codes(client_for("beta", "admin").graphql(ANSWER, appeal), "gradeAppealAnswer") == [
        "NOT_FOUND"
    ]
    answered = client_for("alpha", "chief_a").graphql(ANSWER, appeal)["data"]["gradeAppealAnswer"]
    assert answered == {"appeal": {"status": "UPHELD", "newGrade": "A"}, "errors": []}
    read = client_for("alpha", "seller_a").graphql(GRADE, variables)["data"]["riskGrade"]
    assert read["grade"] == "A" and read["history"][-1] == {
        "fromGrade": "B",
        "toGrade": "A",
        "reason": "APPEAL",
    }
    assert GradeAppeal.objects.get().status == "upheld"
    assert Notification.objects.filter(
        kind="grade_changed", recipient__username="seller_a"
    ).exists()
    assert Notification.objects.filter(
        kind="grade_appeal_answered", recipient__username="seller_a"
    ).exists()


LIST = """query($unit: ID!, $grade: String, $overdue: Boolean, $name: String) {
  riskGrades(unit: $unit, grade: $grade, overdue: $overdue, name: $name, first: 10) {
    total rows { name station grade overdue lastInspectedOn } } }"""
DISTRIBUTION = (
    """query($unit: ID!) { riskGradeDistribution(unit: $unit) { month counts { grade count } } }"""
)
PLAN = """query($unit: ID!, $start: Date!, $end: Date!, $inspector: String) {
  inspectionPlan(unit: $unit, start: $start, end: $end, inspector: $inspector) {
    name seq dueOn done overdue station inspector { username } } }"""
PUBLIC = """query($name: String) { publicFoodGrades(name: $name) { total fields rows { name grade } } }"""


def _second_shop(market):
    return Subject.objects.create(kind="business", name="李记小卖部", category="small_shop",
                                  home_unit=market["stations"]["a"])  # fmt: skip


def test_the_bureau_lists_businesses_by_grade_and_filters_them(market, client_for):
    # given one graded shop and one not graded yet
    _record(client_for("alpha", "inspector_a"), market)
    _second_shop(market)
    unit = to_global_id("OrgUnit", market["stations"]["a"].pk)
    inspector = client_for("alpha", "inspector_a")
    # when the station's inspector lists them
    everything = inspector.graphql(LIST, {"unit": unit})["data"]["riskGrades"]
    # then both are listed in name order, with their grade and station
    assert everything == {"total": 2, "rows": [
        {"name": "张记超市", "station": "a市场监管所", "grade": "A", "overdue": 0, "lastInspectedOn": str(today())},
        {"name": "李记小卖部", "station": "a市场监管所", "grade": "", "overdue": 0, "lastInspectedOn": None},
    ]}  # fmt: skip
    graded = inspector.graphql(LIST, {"unit": unit, "grade": "A"})["data"]["riskGrades"]
    assert [r["name"] for r in graded["rows"]] == ["张记超市"]
    ungraded = inspector.graphql(LIST, {"unit": unit, "grade": "-"})["data"]["riskGrades"]
    assert [r["name"] for r in ungraded["rows"]] == ["李记小卖部"]
    assert inspector.graphql(LIST, {"unit": unit, "name": "李"})["data"]["riskGrades"]["total"] == 1


def test_the_overdue_filter_counts_visits_not_done(market, client_for):
    from jifen.inspections.models import InspectionPlan, PlannedInspection

    # given a plan of two visits in a past year, one of them done
    year = today().year - 1
    plan = InspectionPlan.objects.create(subject=market["shop"], year=year, grade="C", required=2,
                                         planned_on=[f"{year}-03-02", f"{year}-07-02"])  # fmt: skip
    PlannedInspection.objects.create(plan=plan, seq=1, due_on=f"{year}-03-02")
    PlannedInspection.objects.create(plan=plan, seq=2, due_on=f"{year}-07-02")
    from jifen.access.models import User

    Inspection.objects.create(key="old", payload_hash="x", subject=market["shop"],
                              inspector=User.objects.get(username="inspector_a"),
                              inspected_on=f"{year}-03-03", dynamic_total=0)  # fmt: skip
    _second_shop(market)
    unit = to_global_id("OrgUnit", market["stations"]["a"].pk)
    # when the station lists only businesses with overdue visits
    listed = client_for("alpha", "supervisor_a").graphql(LIST, {"unit": unit, "overdue": True})
    # then the shop is there with its one visit not done
    rows = listed["data"]["riskGrades"]["rows"]
    assert [(r["name"], r["overdue"]) for r in rows] == [("张记超市", 1)]
    plan_read = client_for("alpha", "inspector_a").graphql(
        PLAN, {"unit": unit, "start": f"{year}-03-01", "end": f"{year}-04-30"}
    )["data"]["inspectionPlan"]
    assert plan_read == [{"name": "张记超市", "seq": 1, "dueOn": f"{year}-03-02", "done": True,
                          "overdue": False, "station": "a市场监管所", "inspector": None}]  # fmt: skip
    july = client_for("alpha", "inspector_a").graphql(
        PLAN, {"unit": unit, "start": f"{year}-07-01", "end": f"{year}-07-31"}
    )["data"]["inspectionPlan"]
    assert [(v["seq"], v["done"], v["overdue"]) for v in july] == [(2, False, True)]
    by_someone_else = client_for("alpha", "inspector_a").graphql(
        PLAN,
        {
            "unit": unit,
            "start": f"{year}-07-01",
            "end": f"{year}-07-31",
            "inspector": "inspector_a",
        },
    )["data"]["inspectionPlan"]
    assert by_someone_else == []


def test_a_plan_span_longer_than_two_months_is_refused(market, client_for):
    unit = to_global_id("OrgUnit", market["stations"]["a"].pk)
    answer = client_for("alpha", "inspector_a").graphql(
        PLAN, {"unit": unit, "start": "2026-01-01", "end": "2026-12-31"}
    )
    assert answer["data"] is None or answer["data"]["inspectionPlan"] is None
    assert answer["errors"][0]["message"]


def test_the_grade_distribution_replays_the_timeline(market, client_for):
    _record(client_for("alpha", "inspector_a"), market)
    unit = to_global_id("OrgUnit", market["stations"]["a"].pk)
    months = client_for("alpha", "chief_a").graphql(DISTRIBUTION, {"unit": unit})["data"][
        "riskGradeDistribution"
    ]
    assert len(months) == today().month
    assert months[-1] == {"month": str(today()), "counts": [{"grade": "A", "count": 1}]}


def test_the_bureau_lists_are_scoped_by_role_subtree_and_tenant(market, client_for):
    _record(client_for("alpha", "inspector_a"), market)
    unit = {"unit": to_global_id("OrgUnit", market["stations"]["a"].pk)}
    span = {**unit, "start": str(today()), "end": str(today())}
    for tenant, username in (("alpha", "member_1"), ("alpha", "inspector_b"), ("alpha", "seller_a"),
                             ("beta", "admin")):  # fmt: skip
        client = client_for(tenant, username)
        assert client.graphql(LIST, unit)["data"]["riskGrades"] == {"total": 0, "rows": []}
        assert client.graphql(DISTRIBUTION, unit)["data"]["riskGradeDistribution"] == []
        assert client.graphql(PLAN, span)["data"]["inspectionPlan"] == []


def test_the_public_sees_only_public_fields_without_login(market, client_for):
    _record(client_for("alpha", "inspector_a"), market)
    answer = client_for("alpha").graphql(PUBLIC, {"name": "张记"})["data"]["publicFoodGrades"]
    assert answer["total"] == 1
    assert answer["rows"] == [{"name": "张记超市", "grade": "A"}]
    assert "licence_no" not in answer["fields"]
    other = client_for("beta").graphql(PUBLIC, {"name": "张记"})["data"]["publicFoodGrades"]
    assert other["total"] == 0
