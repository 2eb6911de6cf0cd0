"""Food sellers: grades follow inspections (in a real worker), inspection plans follow grades."""

import datetime as dt
import time

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from jifen.access.services import system_actor
from jifen.inspections.models import InspectionPlan, RiskGrade
from jifen.inspections.services import inspection_plans_generate, risk_grades_recompute
from jifen.ledger.services import EventInput, event_record, events_record_bulk
from jifen.org.models import UnitKind
from jifen.org.services import unit_create, unit_root
from jifen.procedure import services as procedure
from jifen.testing.factories import BusinessFactory
from jifen.testing.worlds import publish_template
from tenants.services import tenant_create, tenant_delete


def _shops(station, names):
    return {
        name: BusinessFactory(name=name, home_unit=station,
                              attributes={"near_school": name.endswith("校门店")})
        for name in names
    }  # fmt: skip


@pytest.fixture
def market(in_alpha):
    """A market-supervision station inside alpha, scored by the food-seller template."""
    station = unit_create(parent=unit_root(), name="城关市场监管所", kind=UnitKind.STATION)
    publish_template("food-seller-risk", "food", station.pk)
    from jifen.rulebook.models import RulesetAssignment

    RulesetAssignment.objects.filter(unit=station).update(subject_kind="business")
    return station


def test_grade_follows_inspections_and_the_school_rule(market):
    shops = _shops(market, ["张记超市", "李记便利店", "王记校门店"])
    day = dt.date(2026, 4, 1)
    events_record_bulk(actor=system_actor(), items=[
        EventInput(key="s1", subject_id=shops["张记超市"].pk, item="static_assessment", occurred_on=day, attributes={"points": 12}),
        EventInput(key="d1", subject_id=shops["张记超市"].pk, item="dynamic_inspection", occurred_on=day, attributes={"points": 15}),
        EventInput(key="s2", subject_id=shops["李记便利店"].pk, item="static_assessment", occurred_on=day, attributes={"points": 25}),
        EventInput(key="d2", subject_id=shops["李记便利店"].pk, item="dynamic_inspection", occurred_on=day, attributes={"points": 30}),
        EventInput(key="s3", subject_id=shops["王记校门店"].pk, item="static_assessment", occurred_on=day, attributes={"points": 5}),
    ])  # fmt: skip
    risk_grades_recompute(subject_ids=[s.pk for s in shops.values()], on=day)
    grades = {
        g.subject.name: (g.total, g.grade) for g in RiskGrade.objects.select_related("subject")
    }
    # 12 + 15 = 27 → A (0–30); 25 + 30 = 55 → C (46–60); near a school → always D
    assert grades["张记超市"][1] == "A" and grades["张记超市"][0] == 27
    assert grades["李记便利店"][1] == "C" and grades["李记便利店"][0] == 55
    assert grades["王记校门店"][1] == "D"


def test_year_close_plans_next_years_inspections_by_grade(market):
    shops = _shops(market, ["张记超市", "王记校门店"])
    day = dt.date(2025, 4, 1)
    event_record(actor=system_actor(), data=EventInput(key="s", subject_id=shops["张记超市"].pk, item="static_assessment",
                                 occurred_on=day, attributes={"points": 10}))  # fmt: skip
    [close] = procedure.period_close(actor=system_actor(), unit=market, period_start=dt.date(2025, 1, 1),
                                   today=dt.date(2026, 1, 2))  # fmt: skip
    assert inspection_plans_generate(close=close) == 2
    assert inspection_plans_generate(close=close) == 0  # idempotent
    plans = {p.subject.name: p for p in InspectionPlan.objects.select_related("subject")}
    # minimum inspections per year: B 1, D 3 (the template's consequences)
    assert (plans["张记超市"].grade, plans["张记超市"].required) == ("B", 1)  # never inspected
    assert (plans["王记校门店"].grade, plans["王记校门店"].required) == ("D", 3)
    dates = [dt.date.fromisoformat(d) for d in plans["王记校门店"].planned_on]
    assert [d.year for d in dates] == [2026] * 3 and dates == sorted(dates)
    assert all(d.weekday() < 5 for d in dates)


@pytest.mark.worker
def test_inspection_booking_recomputes_the_grade_in_a_worker(
    worlds, celery_worker_process, django_db_blocker
):
    slug = "gradeworker"
    with django_db_blocker.unblock():
        tenant_create(slug=slug, name="丁县市场监管局", family="market")
        try:
            with schema_context(slug):
                station = unit_create(parent=unit_root(), name="监管所", kind=UnitKind.STATION)
                publish_template("food-seller-risk", "food", station.pk)
                from jifen.rulebook.models import RulesetAssignment

                RulesetAssignment.objects.update(subject_kind="business")
                shop = _shops(station, ["赵记熟食店"])["赵记熟食店"]
                today = dt.date.today()
                event_record(actor=system_actor(), data=EventInput(key="s", subject_id=shop.pk, item="static_assessment",
                                             occurred_on=today, attributes={"points": 30}))  # fmt: skip
                event_record(actor=system_actor(), data=EventInput(key="d", subject_id=shop.pk, item="dynamic_inspection",
                                             occurred_on=today, attributes={"points": 20}))  # fmt: skip
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    grade = RiskGrade.objects.filter(subject=shop).first()
                    if grade and grade.total == 50:
                        break
                    time.sleep(0.2)
                # 30 + 20 = 50 → C (46–60), computed by the worker after the bookings
                assert grade is not None and (grade.total, grade.grade) == (50, "C")
        finally:
            connection.set_schema_to_public()
            tenant_delete(slug=slug, confirm=slug)


@pytest.mark.worker
def test_a_confirmed_inspection_regrades_in_a_worker(
    worlds, celery_worker_process, django_db_blocker
):
    """The bug this guards: a grade stayed where it was after a board confirmed a C total,
    because only new bookings recomputed it. A confirmation is a fact that counts."""
    from jifen.inspections.models import GradeChange
    from jifen.ledger.services import event_confirm

    slug = "gradeconfirm"
    with django_db_blocker.unblock():
        tenant_create(slug=slug, name="戊县市场监管局", family="market")
        try:
            with schema_context(slug):
                station = unit_create(parent=unit_root(), name="监管所", kind=UnitKind.STATION)
                publish_template("food-seller-risk", "food", station.pk)
                from jifen.rulebook.models import RulesetAssignment

                RulesetAssignment.objects.update(subject_kind="business")
                shop = _shops(station, ["钱记超市"])["钱记超市"]
                today = dt.date.today()
                event_record(actor=system_actor(), data=EventInput(key="s", subject_id=shop.pk, item="static_assessment",
                                             occurred_on=today, attributes={"points": 30}))  # fmt: skip
                declared = event_record(actor=system_actor(), data=EventInput(key="d", subject_id=shop.pk,
                                        item="dynamic_inspection", occurred_on=today, attributes={"points": 20}),
                                        needs_confirmation=True).event  # fmt: skip

                def wait_for(predicate):
                    deadline = time.monotonic() + 60
                    while time.monotonic() < deadline:
                        grade = RiskGrade.objects.filter(subject=shop).first()
                        if grade and predicate(grade):
                            return grade
                        time.sleep(0.2)
                    return RiskGrade.objects.filter(subject=shop).first()

                # declared, not confirmed: the inspection does not count yet (uninspected: B)
                assert wait_for(lambda g: g.grade == "B").grade == "B"
                from django.db import transaction

                with transaction.atomic():
                    event_confirm(actor=system_actor(), event=declared)
                # confirmed: 30 + 20 = 50 → C, recomputed by the worker after the commit
                grade = wait_for(lambda g: g.grade == "C")
                assert (grade.total, grade.grade) == (50, "C")
                assert GradeChange.objects.filter(subject=shop).latest("pk").reason == "confirmed"
        finally:
            connection.set_schema_to_public()
            tenant_delete(slug=slug, confirm=slug)
