"""The year-end carried grade follows the results the board confirmed last: a year closed
again after a reopening (an upheld objection to its results, a returned filing) carries its
new grade into the next year, in the same transaction, with a step in the timeline."""

from __future__ import annotations

import datetime as dt

from jifen.access.services import system_actor
from jifen.inspections.models import GradeChange, RiskGrade
from jifen.inspections.services import risk_grades_year_adjust
from jifen.ledger.services import EventInput, event_record
from jifen.procedure import services as procedure
from jifen.procedure.models import PeriodClose
from jifen.procedure.services._common import results_reopen
from tests.jifen.inspections.test_grades_follow_facts import _shop, inspector, station

__all__ = ["inspector", "station"]  # fixtures


def _book(shop, key, item, points):
    event_record(actor=system_actor(), data=EventInput(key=key, subject_id=shop.pk, item=item,
                 occurred_on=dt.date(2025, 3, 1), attributes={"points": points}))  # fmt: skip


def _close(station, today):
    return procedure.period_close(actor=system_actor(), unit=station,
                                  period_start=dt.date(2025, 1, 1), today=today)  # fmt: skip


def test_a_year_closed_again_carries_its_new_grade(station):
    # given: an uninspected licensed seller (static 10) closes 2025 as a new licence's B,
    # and B is carried into 2026
    shop = _shop(station)
    stall = _shop(station, "刘记水果摊", category="small_shop")
    school = _shop(station, "校门口小卖部", near_school=True)
    _book(shop, "s", "static_assessment", 10)
    [close] = _close(station, dt.date(2026, 1, 2))
    risk_grades_year_adjust(close=close)
    carried = RiskGrade.objects.get(subject=shop, period_start=dt.date(2026, 1, 1))
    assert (carried.grade, carried.carried_grade) == ("B", "B")
    grades = dict(
        RiskGrade.objects.filter(period_start=dt.date(2026, 1, 1)).values_list(
            "subject__name", "grade"
        )
    )
    assert grades == {"张记超市": "B", "刘记水果摊": "C", "校门口小卖部": "D"}
    # when: the results are reopened, an on-site inspection of 2025 (50 dynamic points) is
    # booked, and the year is closed again: static 10 + dynamic 50 = 60 is C
    results_reopen(close, system_actor(), "复核", "results_reopened")
    PeriodClose.objects.filter(pk=close.pk).update(status="reopened")
    _book(shop, "d", "dynamic_inspection", 50)
    [again] = _close(station, dt.date(2026, 1, 9))
    assert again.results.get(subject=shop).grade == "C"
    # then: 2026's carried and shown grade follow the new total, with the reason
    carried.refresh_from_db()
    assert (carried.grade, carried.carried_grade) == ("C", "C")
    last = GradeChange.objects.filter(subject=shop).order_by("pk").last()
    assert (last.from_grade, last.to_grade, last.reason) == ("B", "C", "yearly")
    assert last.period_start == dt.date(2026, 1, 1)
    # the others' grades did not move: a stall stays C, a school shop D
    assert RiskGrade.objects.get(subject=stall, period_start=dt.date(2026, 1, 1)).grade == "C"
    assert RiskGrade.objects.get(subject=school, period_start=dt.date(2026, 1, 1)).grade == "D"
