"""Golden tests of the hospital-carry-over template: the expected numbers worked out by hand from
its seed article (seed 002 党支部、党员积分制度, 武威 hospital, l.134–148, named in the template's
header): 基础分 40 + 任务分 50 + 奖励分 10 a year; this year's base = 40% of last year's score."""

from __future__ import annotations

from datetime import date

import pytest

from rulesets.contracts import PreviousResult
from tests.rulesets.helpers import event, simulate, subject, template


@pytest.fixture(scope="module")
def doc():
    return template("hospital-carry-over")


def _last_year(total: float | None) -> tuple[PreviousResult, ...]:
    return (PreviousResult(date(2023, 1, 1), total, None),)


def test_hospital_base_is_forty_percent_of_last_year(doc):
    prev = _last_year(90.0)
    subjects = [subject("d1", previous=prev), subject("d2")]
    events = [
        event("d1", "task_score", "2024-06-30", points=45),
        event("d1", "reward", "2024-07-01", points=5),
        event("d2", "task_score", "2024-06-30", points=45),
    ]
    r = simulate(doc, subjects, events)
    # d1: base 90 × 40% = 36; 36 + 45 + 5 = 86 合格; d2 without history: 40 + 45 = 85
    assert r["d1"].buckets["basic"] == 36.0 and r["d1"].total == 86.0
    assert r["d1"].grade == "qualified" and r["d2"].total == 85.0


def test_no_total_last_year_starts_from_the_full_base(doc):
    # a previous period without a total (not assessed): base 40 (l.141), 40 + 50 + 10 = 100
    events = [
        event("d1", "task_score", "2024-03-31", points=50),
        event("d1", "reward", "2024-04-01", points=10),
    ]
    r = simulate(doc, [subject("d1", previous=_last_year(None))], events)["d1"]
    assert r.buckets["basic"] == 40.0 and (r.total, r.grade) == (100.0, "excellent")


def test_base_counted_down_stops_at_zero_and_parts_are_capped(doc):
    # base 50 × 40% = 20, − 15 − 15 → 0 (倒扣分, floor 0); tasks 30 + 30 → 50; reward 6 + 6 → 10
    events = [
        event("d1", "base_deduction", "2024-02-01", points=-15),
        event("d1", "base_deduction", "2024-03-01", points=-15),
        event("d1", "task_score", "2024-06-30", points=30),
        event("d1", "task_score", "2024-12-31", points=30),
        event("d1", "reward", "2024-05-01", points=6),
        event("d1", "reward", "2024-09-01", points=6),
    ]
    r = simulate(doc, [subject("d1", previous=_last_year(50.0))], events)["d1"]
    assert r.buckets == {"basic": 0.0, "task": 50.0, "reward": 10.0}
    assert (r.total, r.grade) == (60.0, "basic_qualified")


@pytest.mark.parametrize(
    ("last", "total", "grade"),
    [
        (100.0, 90.0, "excellent"),  # 40 + 50 = 90: 90分以上
        (99.0, 89.6, "qualified"),  # 39.6 + 50: not 90分以上
        (50.0, 70.0, "qualified"),  # 20 + 50 = 70
        (49.0, 69.6, "basic_qualified"),  # 19.6 + 50: 60–69
        (25.0, 60.0, "basic_qualified"),  # 10 + 50 = 60
        (24.0, 59.6, "unqualified"),  # 9.6 + 50: 60分以下
    ],
)
def test_band_edges_with_forty_percent_bases(doc, last, total, grade):
    events = [event("d1", "task_score", "2024-12-31", points=50)]
    r = simulate(doc, [subject("d1", previous=_last_year(last))], events)["d1"]
    assert (r.total, r.grade) == (total, grade)


def test_carry_over_chains_year_after_year(doc):
    # 以此类推: 2024 base 40 → 40 + 50 − 0 = 90; 2025 base 90 × 40% = 36 → 36 + 50 + 10 = 96
    first = simulate(doc, [subject("d1")], [event("d1", "task_score", "2024-12-31", points=50)])
    prev = (PreviousResult(date(2024, 1, 1), first["d1"].total, first["d1"].grade),)
    events = [
        event("d1", "task_score", "2025-12-31", points=50),
        event("d1", "reward", "2025-12-31", points=10),
    ]
    r = simulate(doc, [subject("d1", previous=prev)], events, start="2025-01-01")["d1"]
    assert first["d1"].total == 90.0
    assert r.buckets["basic"] == 36.0 and r.total == 96.0
