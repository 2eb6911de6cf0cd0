"""Golden tests for the category templates (seed 000 §14, §15); arithmetic in the comments."""

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


def test_village_categories_start_from_their_base_and_get_stars():
    doc = template("village-member-stars")
    subjects = [
        subject("c", "cadre"),
        subject("n", "non_office"),
        subject("f", "floating"),
        subject("e", "elderly", attributes={"status": "probationary"}),
    ]
    events = [
        # cadre: base 0 + 30 + 30 + 20 + 18 + bonus (county 2 + disaster 5) - 3 = 102 -> 100
        event("c", "org_life", "2024-03-31", points=30),
        event("c", "duties", "2024-06-30", points=30),
        event("c", "integrity", "2024-09-30", points=20),
        event("c", "law_abiding", "2024-12-31", points=18),
        event("c", "commendation", "2024-05-01", level="county"),
        event("c", "disaster_relief", "2024-07-01"),
        event("c", "collective_petition", "2024-08-01"),
        # non-office: base 20 + study 40 + party day 15 - 2 × 2 (skipped public work) = 71 ★★★
        event("n", "study", "2024-06-30", points=40),
        event("n", "party_day", "2024-06-30", points=15),
        event("n", "skipped_public_work", "2024-04-01"),
        event("n", "skipped_public_work", "2024-05-01"),
        # floating: base 40 + management 45 - 5 (relative's violation) = 80 ★★★★
        event("f", "management", "2024-12-31", points=45),
        event("f", "violation", "2024-10-01"),
        # elderly, probationary: base 60 - 3 - 3 = 54 ★ -> probation extended or cancelled
        event("e", "vice_or_policy", "2024-02-01"),
        event("e", "neighbour_conflict", "2024-03-01"),
    ]
    r = simulate(doc, subjects, events)
    assert (r["c"].total, r["c"].stars, r["c"].grade) == (100.0, 5, "five_stars")
    assert r["c"].buckets["bonus"] == 7.0 and r["c"].buckets["deduction"] == -3.0
    assert (r["n"].total, r["n"].stars) == (71.0, 3)
    assert (r["f"].total, r["f"].stars) == (80.0, 4)
    assert (r["e"].total, r["e"].stars) == (54.0, 1)
    assert "probation_extended_or_cancelled" in r["e"].flags
    assert "unqualified_transformation_6_months" in r["e"].flags


def test_village_three_years_below_three_stars_and_a_newcomer_keeps_the_stars():
    doc = template("village-member-stars")
    history = (
        PreviousResult(date(2023, 1, 1), 65.0, "two_stars"),
        PreviousResult(date(2022, 1, 1), 50.0, "one_star"),
    )
    subjects = [
        subject("old", "elderly", previous=history),
        subject("new", "floating", joined_on=date(2024, 9, 1)),
    ]
    events = [
        event("old", "study", "2024-06-30", points=5),  # 60 + 5 = 65 ★★ (third year below ★★★)
        event("new", "management", "2024-12-31", points=50),  # 40 + 50 = 90 ★★★★★
    ]
    r = simulate(doc, subjects, events)
    assert (r["old"].total, r["old"].grade) == (65.0, "two_stars")  # the grade stands
    assert "not_nominated_at_election" in r["old"].flags
    # joined 4 months before the year end: stars stand, but not a basis for honours
    assert (r["new"].stars, r["new"].grade) == (5, "five_stars")
    assert "no_honours_new_member" in r["new"].flags
