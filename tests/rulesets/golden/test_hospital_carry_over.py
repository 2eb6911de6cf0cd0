"""Golden tests of the hospital-carry-over template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

from datetime import date

from rulesets.contracts import PreviousResult
from tests.rulesets.helpers import event, simulate, subject, template


def test_hospital_base_is_forty_percent_of_last_year():
    doc = template("hospital-carry-over")
    prev = (PreviousResult(date(2023, 1, 1), 90.0, "excellent"),)
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
