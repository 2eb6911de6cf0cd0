"""Food sellers: inspections are records that drive the grade through the ledger; the grade
follows confirmed facts, with a timeline of reasons; plans date and assign inspections."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jifen.access.services import system_actor
from jifen.errors import ValidationFailed
from jifen.inspections.models import GradeChange, Inspection, PlannedInspection, RiskGrade
from jifen.inspections.recording import inspection_record, licence_assess
from jifen.inspections.selectors import inspections_overdue
from jifen.inspections.services import (
    inspection_plans_generate,
    risk_grades_recompute,
    risk_grades_year_adjust,
)
from jifen.ledger.models import Event
from jifen.ledger.selectors import counted_entries
from jifen.ledger.services import EventInput, event_confirm, event_record
from jifen.org.models import Role, UnitKind
from jifen.org.services import unit_create, unit_root
from jifen.procedure import services as procedure
from jifen.rulebook.models import RulesetAssignment
from jifen.subjects.models import Subject
from jifen.testing.factories import UserFactory
from jifen.testing.worlds import publish_template

ALL_PASS = {f"item_{a}_{b}": "pass" for a, b in
            [(1, 1), (1, 2), (2, 1), (2, 2), (2, 3), (3, 1), (3, 2), (3, 3), (3, 4), (3, 5), (3, 6)]}  # fmt: skip


@pytest.fixture
def station(in_alpha):
    unit = unit_create(parent=unit_root(), name="城关市场监管所", kind=UnitKind.STATION)
    publish_template("food-seller-risk", "food", unit.pk)
    RulesetAssignment.objects.filter(unit=unit).update(subject_kind="business")
    return unit


@pytest.fixture
def inspector(station):
    return UserFactory(username="inspector_a", roles=[(Role.INSPECTOR, station)])


def _shop(station, name="张记超市", category="licensed", **attributes):
    return Subject.objects.create(
        kind="business", name=name, home_unit=station, category=category, attributes=attributes
    )


def test_an_uninspected_seller_does_not_close_as_a(station):
    # given a licensed seller whose licence file scored 10 static points, never inspected
    shop = _shop(station)
    event_record(actor=system_actor(), data=EventInput(key="s", subject_id=shop.pk, item="static_assessment",
                 occurred_on=dt.date(2025, 3, 1), attributes={"points": 10}))  # fmt: skip
    # when the year closes
    [close] = procedure.period_close(actor=system_actor(), unit=station,
                                     period_start=dt.date(2025, 1, 1), today=dt.date(2026, 1, 2))  # fmt: skip
    # then it is graded as a new licence holder (B), not A; a stall is C, a school shop D
    assert close.results.get(subject=shop).grade == "B"


def test_grade_follows_a_board_confirmed_violation(station, inspector):
    # given an A seller (scored on site: 12 + 15 = 27)
    shop = _shop(station)
    licence_assess(actor=inspector, subject=shop, key="l1", assessed_on=dt.date.today(),
                   values={"premises_area": 150, "suppliers": 40})  # fmt: skip
    event_record(actor=system_actor(), data=EventInput(key="d", subject_id=shop.pk, item="dynamic_inspection",
                 occurred_on=dt.date.today(), attributes={"points": 15}))  # fmt: skip
    risk_grades_recompute(subject_ids=[shop.pk])
    # 1 + 2 static (area ≤200 → 1, suppliers ≤50 → 2) + 15 = 18 → A
    assert RiskGrade.objects.get(subject=shop).grade == "A"
    # when 40 more dynamic points are declared for review and a board confirms them
    [standing] = [e for e in Event.objects.filter(subject=shop, item="dynamic_inspection")]
    event = event_record(actor=system_actor(), data=EventInput(key="v", subject_id=shop.pk, item="violation_points",
                         occurred_on=dt.date.today(), attributes={"points": 6}), needs_confirmation=True).event  # fmt: skip
    risk_grades_recompute(subject_ids=[shop.pk])
    assert RiskGrade.objects.get(subject=shop).grade == "A"  # declared, not confirmed yet
    event_confirm(actor=system_actor(), event=event)
    # then the confirmation recomputes: 6 violation points lower A one step to B
    risk_grades_recompute(subject_ids=[shop.pk], reason="confirmed")
    grade = RiskGrade.objects.get(subject=shop)
    assert grade.grade == "B"
    assert standing.pk
    reasons = list(
        GradeChange.objects.filter(subject=shop).values_list("from_grade", "to_grade", "reason")
    )
    assert reasons[-1] == ("A", "B", "confirmed")


def test_an_inspection_is_a_record_that_books_the_dynamic_score(station, inspector):
    from jifen.procedure.models import Evidence

    shop = _shop(station)
    signature = Evidence.objects.create(file="sig.png", original_name="sig.png", content_type="image/png",
                                        size=10, sha256="0" * 64, uploaded_by=inspector)  # fmt: skip
    failed = {**ALL_PASS, "item_3_1": "fail", "item_3_3": "fail", "item_1_1": "not_applicable"}
    inspection = inspection_record(actor=inspector, subject=shop, key="i1", inspected_on=dt.date.today(),
                                   results=failed, findings="两批次过期", signature_id=signature.pk)  # fmt: skip
    assert inspection.dynamic_total == 2  # 3.1 (1) + 3.3 (1) failed
    # the signature backs the booked score: the station's readers may open it
    from jifen.procedure.selectors import evidence_visible

    signature.refresh_from_db()
    chief = UserFactory(username="chief_x", roles=[(Role.SUPERIOR, station)])
    assert signature.entry_id is not None and evidence_visible(user=chief, evidence=signature)
    assert [line["result"] for line in inspection.checklist if line["code"] == "item_3_1"] == [
        "fail"
    ]
    # booked through the ledger: one standing dynamic_inspection worth 2
    counted = [
        e for e in counted_entries(accounts=shop.accounts.all()) if e.item == "dynamic_inspection"
    ]
    assert [float(e.points) for e in counted] == [2.0]
    # re-inspected: the earlier score is reversed, the new one counts alone
    inspection_record(actor=inspector, subject=shop, key="i2", inspected_on=dt.date.today(),
                      results=ALL_PASS, signature_refused="负责人拒绝签字")  # fmt: skip
    counted = [
        e for e in counted_entries(accounts=shop.accounts.all()) if e.item == "dynamic_inspection"
    ]
    assert sum(float(e.points) for e in counted) == 0.0
    history = list(GradeChange.objects.filter(subject=shop).values_list("to_grade", "reason"))
    assert history == [("A", "inspection")]  # first graded at the first inspection, then unchanged


def test_an_inspection_missing_an_answer_or_a_signature_is_refused_whole(station, inspector):
    shop = _shop(station)
    partial = dict(ALL_PASS)
    partial.pop("item_2_2")
    with pytest.raises(ValidationFailed) as caught:
        inspection_record(actor=inspector, subject=shop, key="i", inspected_on=dt.date.today(),
                          results=partial, signature_refused="拒签")  # fmt: skip
    assert [p.field for p in caught.value.problems] == ["results.item_2_2"]
    with pytest.raises(ValidationFailed) as caught:
        inspection_record(
            actor=inspector, subject=shop, key="i", inspected_on=dt.date.today(), results=ALL_PASS
        )
    assert caught.value.field == "signature"
    assert not Inspection.objects.exists() and not Event.objects.filter(subject=shop).exists()


def test_licence_file_is_scored_item_by_item(station, inspector):
    shop = _shop(station)
    assessment = licence_assess(actor=inspector, subject=shop, key="l", assessed_on=dt.date.today(),
                                values={"premises_area": 1500, "prepackaged_ambient": 3000,
                                        "bulk_chilled": 30, "suppliers": 120}, business_type="超市")  # fmt: skip
    points = {line["code"]: line["points"] for line in assessment.lines}
    # 1001–2000 m² 2.5; 2001–5000 items 1.2; bulk chilled 30 (以下, inclusive) 6; 101–200 suppliers 4
    assert points["premises_area"] == 2.5 and points["prepackaged_ambient"] == 1.2
    assert points["bulk_chilled"] == 6 and points["suppliers"] == 4 and points["bulk_frozen"] == 0
    assert assessment.total == Decimal("13.7")


def test_new_stall_and_school_defaults_and_the_yearly_adjustment(station, inspector):
    stall = _shop(station, "刘记水果摊", category="small_shop")
    school = _shop(station, "校门口小卖部", near_school=True)
    new = _shop(station, "新开超市", category="new_licensed")
    risk_grades_recompute(subject_ids=[stall.pk, school.pk, new.pk], on=dt.date(2025, 2, 1))
    grades = dict(RiskGrade.objects.values_list("subject__name", "grade"))
    assert grades == {"刘记水果摊": "C", "校门口小卖部": "D", "新开超市": "B"}
    # the year closes; the closing grades become next year's, held until inspected again
    [close] = procedure.period_close(actor=system_actor(), unit=station,
                                     period_start=dt.date(2025, 1, 1), today=dt.date(2026, 1, 2))  # fmt: skip
    risk_grades_year_adjust(close=close)
    assert RiskGrade.objects.get(subject=new, period_start=dt.date(2026, 1, 1)).grade == "B"
    assert inspection_plans_generate(close=close) == 3
    # D: 3 visits on working days, assigned to the station's inspector
    visits = list(PlannedInspection.objects.filter(plan__subject=school))
    assert len(visits) == 3 and {v.inspector for v in visits} == {inspector}
    # overdue: in July 2026 the school shop's first two visits are past and not done
    overdue = inspections_overdue(units=[station], on=dt.date(2026, 7, 15))
    assert [v.seq for v in overdue if v.plan.subject_id == school.pk] == [1, 2]
    inspection_record(actor=inspector, subject=school, key="s", inspected_on=dt.date(2026, 3, 1),
                      results=ALL_PASS, signature_refused="未在场")  # fmt: skip
    overdue = inspections_overdue(units=[station], on=dt.date(2026, 7, 15))
    assert [v.seq for v in overdue if v.plan.subject_id == school.pk] == [2]


def test_an_appeal_is_answered_on_time_or_the_superiors_hear_of_it(station, inspector):
    from django.utils import timezone

    from jifen.deadlines.models import Deadline
    from jifen.errors import DeadlinePassed
    from jifen.inspections.appeals import grade_appeal_answer_due, grade_appeal_raise
    from jifen.notifications.models import Notification

    seller = UserFactory(username="seller_x", roles=[])
    shop = _shop(station)
    shop.user = seller
    shop.save()
    UserFactory(username="bureau_chief", roles=[(Role.SUPERIOR, unit_root())])
    inspection_record(actor=inspector, subject=shop, key="i", inspected_on=dt.date.today(),
                      results=ALL_PASS, signature_refused="拒签")  # fmt: skip
    # the window: 60 days (《行政复议法》第二十条) from the grade's change
    with pytest.raises(DeadlinePassed):
        grade_appeal_raise(actor=seller, subject=shop, reason="有误",
                           today=dt.date.today() + dt.timedelta(days=61))  # fmt: skip
    appeal = grade_appeal_raise(actor=seller, subject=shop, reason="有误")
    # 7 working days to answer, as a deadline row the sweep runs
    deadline = Deadline.objects.get(kind="grade_appeal_answer_due")
    assert deadline.payload == {"appeal": appeal.pk} and appeal.answer_due > dt.date.today()
    grade_appeal_answer_due(deadline, timezone.now())
    assert Notification.objects.filter(
        kind="grade_appeal_late", recipient__username="bureau_chief"
    ).exists()
