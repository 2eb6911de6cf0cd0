"""Golden tests of the hospital-branch-monthly template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

from datetime import date

from rulesets.contracts import PreviousResult
from tests.rulesets.helpers import event, simulate, subject, template


def test_hospital_branch_monthly_chain_carries_forty_percent_of_last_month():
    doc = template("hospital-branch-monthly")
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
    assert r["b1"].total == round(sum(months) / 12, 2)
