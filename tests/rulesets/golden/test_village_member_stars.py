"""Golden tests of the village-member-stars template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

from datetime import date

import pytest

from rulesets.contracts import PreviousResult
from rulesets.simulate import InputError
from tests.rulesets.helpers import event, simulate, subject, template


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


def test_village_floating_study_is_fifteen_points_and_not_the_non_office_forty():
    doc = template("village-member-stars")
    subjects = [subject("f", "floating"), subject("n", "non_office")]
    events = [
        # floating: 党员学习 15 (l.747): 10 + 10 booked, only 15 count
        event("f", "study_floating", "2024-03-31", points=10),
        event("f", "study_floating", "2024-06-30", points=10),
        # non-office: 党员学习 40 (l.745)
        event("n", "study", "2024-03-31", points=30),
        event("n", "study", "2024-06-30", points=30),
    ]
    r = simulate(doc, subjects, events)
    # floating 40 + 15 = 55 ★; non-office 20 + 40 = 60 ★★
    assert (r["f"].buckets["assessed"], r["f"].total, r["f"].stars) == (15.0, 55.0, 1)
    assert (r["n"].buckets["assessed"], r["n"].total, r["n"].stars) == (40.0, 60.0, 2)
    # the 40-point 党员学习 is not a floating member's item
    with pytest.raises(InputError, match="is for"):
        simulate(doc, subjects, [event("f", "study", "2024-03-31", points=20)])


@pytest.mark.parametrize(
    ("score", "stars", "grade"),
    [
        # l.771: 90分及以上 五星, 80―89 四星, 70―79 三星, 60―69 二星, 60分以下 一星
        (90, 5, "five_stars"),
        (89.5, 4, "four_stars"),
        (80, 4, "four_stars"),
        (79.5, 3, "three_stars"),
        (70, 3, "three_stars"),
        (69.5, 2, "two_stars"),
        (60, 2, "two_stars"),
        (59.5, 1, "one_star"),
    ],
)
def test_village_star_band_edges(score, stars, grade):
    doc = template("village-member-stars")
    # a village cadre: base 0, the score filled into 组织生活30 履行职责30 廉洁自律20 遵纪守法20
    events, left = [], score
    for item, value in (("org_life", 30), ("duties", 30), ("integrity", 20), ("law_abiding", 20)):
        if left > 0:
            events.append(event("c", item, "2024-05-31", points=min(left, value)))
            left -= min(left, value)
    r = simulate(doc, [subject("c", "cadre")], events)["c"]
    assert (r.total, r.stars, r.grade) == (float(score), stars, grade)


def test_village_bonus_is_capped_at_ten_and_the_total_at_one_hundred():
    doc = template("village-member-stars")
    subjects = [subject("c", "cadre"), subject("n", "non_office")]
    events = [
        # cadre: sub-items 25 + 25 + 15 + 15 = 80; bonus 5 + 5 (national: 省级以上) + 3 = 13 -> 10
        event("c", "org_life", "2024-03-31", points=25),
        event("c", "duties", "2024-03-31", points=25),
        event("c", "integrity", "2024-03-31", points=15),
        event("c", "law_abiding", "2024-03-31", points=15),
        event("c", "disaster_relief", "2024-07-01"),
        event("c", "commendation", "2024-08-01", level="national"),
        event("c", "commendation", "2024-09-01", level="city"),
        # non-office: 20 + 40 + 15 + 25 + 10 + 10 = 120 -> 百分制: 100
        event("n", "study", "2024-06-30", points=40),
        event("n", "party_day", "2024-06-30", points=15),
        event("n", "role", "2024-06-30", points=25),
        event("n", "pledge", "2024-06-30", points=10),
        event("n", "post", "2024-06-30", points=10),
    ]
    r = simulate(doc, subjects, events)
    # cadre: 0 + 80 + 10 = 90 ★★★★★ (the 加分项 lifts a total below 100)
    assert (r["c"].buckets["bonus"], r["c"].total, r["c"].stars) == (10.0, 90.0, 5)
    assert (r["n"].total, r["n"].stars) == (100.0, 5)


def test_village_each_deduction_and_the_other_deduction_bound():
    doc = template("village-member-stars")
    events = [
        event("f", "management", "2024-06-30", points=50),  # 40 + 50 = 90
        event("f", "violation", "2024-02-01"),  # −5 每例
        event("f", "vice_or_policy", "2024-03-01"),  # −3 每项
        event("f", "collective_petition", "2024-04-01"),  # −3 每次
        event("f", "neighbour_conflict", "2024-05-01"),  # −3
        event("f", "skipped_public_work", "2024-06-01"),  # −2 每次
        event("f", "other_deduction", "2024-07-01", points=-5),  # 酌情, at most −5
    ]
    r = simulate(doc, [subject("f", "floating")], events)["f"]
    # 90 − 5 − 3 − 3 − 3 − 2 − 5 = 69 ★★
    assert r.buckets["deduction"] == -21.0
    assert (r.total, r.stars) == (69.0, 2)
    with pytest.raises(InputError, match=r"must be a number in \[-5, -1\]"):
        simulate(
            doc,
            [subject("f", "floating")],
            [event("f", "other_deduction", "2024-07-01", points=-6)],
        )


def test_village_five_stars_are_reviewed_and_non_cadres_with_four_may_be_reserve_cadres():
    doc = template("village-member-stars")
    subjects = [subject("c", "cadre"), subject("n", "non_office"), subject("f", "floating")]
    events = [
        # cadre 0 + 30 + 30 + 20 + 20 = 100 ★★★★★: 乡镇党委复核, but no 后备干部 flag (a cadre)
        event("c", "org_life", "2024-03-31", points=30),
        event("c", "duties", "2024-03-31", points=30),
        event("c", "integrity", "2024-03-31", points=20),
        event("c", "law_abiding", "2024-03-31", points=20),
        # non-office 20 + 40 + 25 = 85 ★★★★: 普通党员, 可作为村级后备干部优先使用
        event("n", "study", "2024-06-30", points=40),
        event("n", "role", "2024-06-30", points=25),
        # floating 40 + 35 = 75 ★★★: neither
        event("f", "management", "2024-06-30", points=35),
    ]
    r = simulate(doc, subjects, events)
    assert r["c"].stars == 5 and "township_review" in r["c"].flags
    assert "reserve_cadre_priority" not in r["c"].flags
    assert r["n"].stars == 4 and "reserve_cadre_priority" in r["n"].flags
    assert "township_review" not in r["n"].flags
    assert r["f"].stars == 3 and not {"township_review", "reserve_cadre_priority"} & set(
        r["f"].flags
    )


def test_village_exempt_member_is_not_scored():
    doc = template("village-member-stars")
    # l.731: 70周岁以上 … 经党支部讨论并上报村党总支同意可不列入实施范围
    r = simulate(doc, [subject("old", "elderly", exempt=True)], [])["old"]
    assert r.total is None and "exempt" in r.flags
