"""Golden tests of the hospital-branch-monthly template: the expected numbers worked out by hand
from its seed article (seed 002 党支部、党员积分制度, 武威 hospital, l.140–148, named in the
template's header): January's base = 40% of last year's score, each later month's base = 40% of
the previous month's total; the year = the mean of the twelve monthly totals (the default)."""

from __future__ import annotations

from datetime import date

import pytest

from rulesets.contracts import PreviousResult
from tests.rulesets.helpers import event, simulate, subject, template


@pytest.fixture(scope="module")
def doc():
    return template("hospital-branch-monthly")


def _year_mean(months: list[float]) -> float:
    return round(sum(months) / 12, 2)


def test_hospital_branch_monthly_chain_carries_forty_percent_of_last_month(doc):
    prev = (PreviousResult(date(2023, 1, 1), 80.0, None, sub_totals=(80.0,)),)
    events = [
        event("b1", "task_score", "2024-01-31", points=50),
        event("b1", "task_score", "2024-02-28", points=40),
    ]
    r = simulate(doc, [subject("b1", "branch", previous=prev)], events)
    # Jan base 0.4×80 = 32, Jan total 82; Feb base 0.4×82 = 32.8, Feb total 72.8;
    # Mar base 0.4×72.8 = 29.12, and so on with no tasks: month t = 0.4 × month t-1
    months = [82.0, 72.8]
    for _ in range(10):
        months.append(months[-1] * 0.4)
    assert r["b1"].total == _year_mean(months)


def test_january_base_is_forty_percent_of_last_years_score(doc):
    # l.145: last year's 考核得分 85 (given without sub_totals) → January base 34
    prev = (PreviousResult(date(2023, 1, 1), 85.0, None),)
    events = [event("b1", "task_score", f"2024-{m:02d}-28", points=50) for m in range(1, 13)]
    r = simulate(doc, [subject("b1", "branch", previous=prev)], events)["b1"]
    # Jan 34 + 50 = 84; Feb 0.4 × 84 = 33.6 + 50 = 83.6; Mar 33.44 + 50 = 83.44; …
    months = [84.0]
    for _ in range(11):
        months.append(0.4 * months[-1] + 50)
    assert r.total == _year_mean(months)


def test_no_previous_year_starts_january_at_forty(doc):
    # Jan 40 + 50 + 10 = 100; Feb 0.4 × 100 + 50 + 10 = 100: a full branch stays at 100
    events = [
        e
        for m in range(1, 13)
        for e in (
            event("b1", "task_score", f"2024-{m:02d}-28", points=50),
            event("b1", "reward", f"2024-{m:02d}-28", points=10),
        )
    ]
    r = simulate(doc, [subject("b1", "branch")], events)["b1"]
    assert r.total == 100.0 and r.buckets == {"basic": 40.0, "task": 50.0, "reward": 10.0}


def test_deduction_in_a_month_carries_into_the_next(doc):
    # Jan 40 − 10 = 30 + 50 = 80; Feb base 0.4 × 80 = 32 + 50 = 82 (instead of 90);
    # then every month t = 0.4 × month t-1 + 50
    events = [event("b1", "base_deduction", "2024-01-15", points=-10)]
    events += [event("b1", "task_score", f"2024-{m:02d}-28", points=50) for m in range(1, 13)]
    r = simulate(doc, [subject("b1", "branch")], events)["b1"]
    months = [80.0]
    for _ in range(11):
        months.append(0.4 * months[-1] + 50)
    assert months[1] == 82.0
    assert r.total == _year_mean(months)


def test_monthly_parts_are_capped(doc):
    # task 30 + 30 in one month → 50 (占每月积分50%); reward 8 + 8 → 10; deductions stop at 0
    events = [
        event("b1", "task_score", "2024-01-10", points=30),
        event("b1", "task_score", "2024-01-20", points=30),
        event("b1", "reward", "2024-01-10", points=8),
        event("b1", "reward", "2024-01-20", points=8),
        event("b1", "base_deduction", "2024-02-10", points=-40),
    ]
    r = simulate(doc, [subject("b1", "branch")], events)["b1"]
    # Jan 40 + 50 + 10 = 100; Feb 0.4 × 100 − 40 → 0; Mar..Dec base 0 (0.4 × 0)
    months = [100.0] + [0.0] * 11
    assert r.total == _year_mean(months)  # 100 / 12 = 8.33
