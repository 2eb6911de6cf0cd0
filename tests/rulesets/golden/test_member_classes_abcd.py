"""Golden tests of the member-classes-abcd template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

from datetime import date

from rulesets.contracts import PreviousResult
from tests.rulesets.helpers import event, simulate, subject, template


def test_abcd_classes_have_their_own_thresholds_and_rank_within_the_class():
    doc = template("member-classes-abcd")
    subjects = [subject("a1", "a"), subject("a2", "a"), subject("c1", "c"), subject("d1", "d")]
    events = [
        # a1: basic 15 + 15 + dedication 20 + post 20 + review 20 = 90 -> a 先进 (≥60), ≥80 区级
        event("a1", "item01", "2024-02-01", points=15),
        event("a1", "item02", "2024-03-01", points=15),
        event("a1", "item05", "2024-04-01", points=20),
        event("a1", "post_score", "2024-12-01", points=20),
        event("a1", "review_score", "2024-12-20", points=20),
        # a2: 20 + 10 collective commendation at 50% = 5 -> 25: a 较差 (<30)
        event("a2", "item01", "2024-02-01", points=20),
        event("a2", "commendation", "2024-06-01", points=10, collective=True),
        # c1: 25 -> c 先进 (≥20) although a2 has the same-ish total in class a
        event("c1", "item01", "2024-02-01", points=20),
        event("c1", "item05", "2024-05-01", points=5),
        # d1: 20 + 15 - 4 = 31: d 一般 (20 ≤ x < 40)
        event("d1", "item01", "2024-02-01", points=20),
        event("d1", "item06", "2024-05-01", points=15),
        event("d1", "deduction", "2024-07-01", points=-4),
    ]
    r = simulate(doc, subjects, events)
    assert (r["a1"].total, r["a1"].grade) == (90.0, "advanced")
    assert "district_honour_eligible" in r["a1"].flags
    assert r["a2"].buckets["reward"] == 5.0
    assert (r["a2"].total, r["a2"].grade) == (25.0, "poor")
    assert (r["c1"].total, r["c1"].grade) == (25.0, "advanced")
    assert "committee_honour_eligible" in r["c1"].flags  # c ≥ 20
    assert "district_honour_eligible" not in r["c1"].flags  # c needs ≥ 30
    assert (r["d1"].total, r["d1"].grade) == (31.0, "average")
    # rank scope is the class: a1 1st and a2 2nd of a; c1 and d1 are each 1st of theirs
    assert [r[k].rank for k in ("a1", "a2", "c1", "d1")] == [1, 2, 1, 1]


def test_abcd_below_five_points_or_poor_twice_is_unqualified():
    doc = template("member-classes-abcd")
    poor = (PreviousResult(date(2023, 1, 1), 12.0, "poor"),)
    subjects = [subject("b1", "b"), subject("b2", "b", previous=poor), subject("b3", "b")]
    events = [
        event("b1", "item01", "2024-02-01", points=4),  # 4 < 5 -> 不合格
        event("b2", "item01", "2024-02-01", points=10),  # 10: b 较差 again -> 不合格
        event("b3", "item01", "2024-02-01", points=10),  # 10: b 较差 (first year)
    ]
    r = simulate(doc, subjects, events)
    assert (r["b1"].total, r["b1"].grade) == (4.0, "unqualified")
    assert r["b2"].grade == "unqualified" and "across_periods:poor_twice" in r["b2"].flags
    assert r["b3"].grade == "poor"
