"""Golden tests of the member-classes-abcd template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

from datetime import date

import pytest

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


@pytest.mark.parametrize(
    ("category", "score", "grade"),
    [
        # l.709: 先进 "a类60分以上" includes 60; 一般 "60分—30分"; 较差 "30分以下"; 不合格 "不足5分"
        ("a", 60, "advanced"),
        ("a", 59.5, "average"),
        ("a", 30, "average"),
        ("a", 29.5, "poor"),
        ("a", 5, "poor"),
        ("a", 4.5, "unqualified"),
        ("b", 50, "advanced"),
        ("b", 49.5, "average"),
        ("b", 20, "average"),
        ("b", 19.5, "poor"),
        ("c", 20, "advanced"),
        ("c", 19.5, "average"),
        ("c", 10, "average"),
        ("c", 9.5, "poor"),
        ("c", 5, "poor"),
        ("c", 4.5, "unqualified"),
        ("d", 40, "advanced"),
        ("d", 39.5, "average"),
        ("d", 20, "average"),
        ("d", 19.5, "poor"),
    ],
)
def test_abcd_band_edges_per_class(category, score, grade):
    doc = template("member-classes-abcd")
    # the score is booked as four 基础分 cases of a quarter each (at most 20 a case, seed 000 §16
    # l.821); any fraction is allowed (a collective award halves)
    events = [event("m", f"item0{n}", "2024-03-01", points=score / 4) for n in range(1, 5)]
    r = simulate(doc, [subject("m", category)], events)["m"]
    assert (r.total, r.grade) == (float(score), grade)


@pytest.mark.parametrize(
    ("category", "score", "district", "committee"),
    [
        # l.713: 区级 a≥80 b≥60 c≥30 d≥50; 党(工)委级 a≥60 b≥50 c≥20 d≥40 ("以上" includes it)
        ("a", 80, True, True),
        ("a", 79.5, False, True),
        ("a", 60, False, True),
        ("a", 59.5, False, False),
        ("b", 60, True, True),
        ("b", 59.5, False, True),
        ("b", 50, False, True),
        ("b", 49.5, False, False),
        ("c", 30, True, True),
        ("c", 29.5, False, True),
        ("c", 20, False, True),
        ("c", 19.5, False, False),
        ("d", 50, True, True),
        ("d", 49.5, False, True),
        ("d", 40, False, True),
        ("d", 39.5, False, False),
    ],
)
def test_abcd_honour_thresholds_per_class(category, score, district, committee):
    doc = template("member-classes-abcd")
    # two 基础分 cases (each at most 20, default from seed 000 §16 l.821) and two 奉献分 cases
    quarter = score / 4
    events = [
        event("m", item, "2024-03-01", points=quarter)
        for item in ("item01", "item02", "item05", "item06")
    ]
    r = simulate(doc, [subject("m", category)], events)["m"]
    assert r.total == float(score)
    assert ("district_honour_eligible" in r.flags) is district
    assert ("committee_honour_eligible" in r.flags) is committee


def test_abcd_accumulation_is_uncapped_and_the_deduction_is_yearly():
    doc = template("member-classes-abcd")
    events = [
        # 11 items: 1—4 基础分 20 each, 5—7 奉献分 20 each, 8 奖励 20, 9 岗位 20, 10 评议 20
        *[event("m", f"item0{n}", "2024-03-01", points=20) for n in range(1, 8)],
        event("m", "commendation", "2024-06-01", points=20),
        event("m", "post_score", "2024-12-01", points=20),
        event("m", "review_score", "2024-12-20", points=20),
        # 11 年度扣分: −20 − 15 = −35 (按严重程度, no floor)
        event("m", "deduction", "2024-07-01", points=-20),
        event("m", "deduction", "2024-08-01", points=-15),
    ]
    r = simulate(doc, [subject("m", "a")], events)["m"]
    # 4×20 + 3×20 + 20 + 20 + 20 − 35 = 200 − 35 = 165: 上不封顶
    assert dict(r.buckets) == {
        "basic": 80.0,
        "dedication": 60.0,
        "reward": 20.0,
        "post": 20.0,
        "review": 20.0,
        "deduction": -35.0,
    }
    assert (r.total, r.grade) == (165.0, "advanced")


def test_abcd_post_and_review_scores_count_once_a_year():
    doc = template("member-classes-abcd")
    events = [
        event("m", "post_score", "2024-12-01", points=15),
        event("m", "post_score", "2024-12-15", points=15),  # a second 岗位分: not counted
        event("m", "review_score", "2024-12-20", points=10),
        event("m", "review_score", "2024-12-21", points=10),  # a second 评议分: not counted
    ]
    r = simulate(doc, [subject("m", "b")], events)["m"]
    # 15 + 10 = 25: b 一般 (20 ≤ 25 < 50)
    assert (r.total, r.grade) == (25.0, "average")


def test_abcd_collective_award_gives_half_of_the_individual_standard():
    doc = template("member-classes-abcd")
    events = [
        event("m1", "commendation", "2024-05-01", points=7),  # own commendation: 7
        event("m2", "commendation", "2024-05-01", points=7, collective=True),  # 7 × 50% = 3.5
    ]
    r = simulate(doc, [subject("m1", "d"), subject("m2", "d")], events)
    assert r["m1"].buckets["reward"] == 7.0
    assert r["m2"].buckets["reward"] == 3.5
    # d: 7 and 3.5 are both below 20: 较差; 3.5 < 5: 不合格
    assert (r["m1"].grade, r["m2"].grade) == ("poor", "unqualified")


def test_abcd_poor_is_criticised_and_unqualified_is_persuaded_to_leave():
    doc = template("member-classes-abcd")
    poor = (PreviousResult(date(2023, 1, 1), 15.0, "poor"),)
    subjects = [subject("p", "a"), subject("u", "a", previous=poor), subject("ok", "a")]
    events = [
        event("p", "item01", "2024-02-01", points=20),  # 20: a 较差 (<30)
        event("u", "item01", "2024-02-01", points=20),  # 较差 again -> 不合格
        event("ok", "item01", "2024-02-01", points=20),
        event("ok", "item02", "2024-02-01", points=10),  # 30: a 一般
    ]
    r = simulate(doc, subjects, events)
    # l.717–721: 较差 → 批评教育、限期整改; 不合格 → 劝退或除名
    assert r["p"].grade == "poor" and "criticism_and_rectification" in r["p"].flags
    assert r["u"].grade == "unqualified" and "persuade_to_leave_or_remove" in r["u"].flags
    assert r["ok"].grade == "average"
    assert not {"criticism_and_rectification", "persuade_to_leave_or_remove"} & set(r["ok"].flags)
