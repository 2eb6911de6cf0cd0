"""Golden tests of the food-seller-risk template: the expected numbers worked out by hand from its seed
article (named in the template's header).

Seed 000 §9 (l.475–539) and §12 (l.637–649) write every number as x; the defaults are those of
《食品生产经营风险分级管理办法(试行)》(2016): static ≤ 40 + dynamic ≤ 60, A 0–30(含), B 30–45(含),
C 45–60(含), D 60分以上, inspections at least 1/1/2/3 a year. The 记分 thresholds 6/9/12 are
the template's placeholders (provincial rules decide)."""

from __future__ import annotations

import pytest

from rulesets.simulate import InputError
from tests.rulesets.helpers import event, simulate, subject, template


def _scored(shop: str, static: float, dynamic: float | None = None) -> list:
    out = [event(shop, "static_assessment", "2024-02-01", points=static)]
    if dynamic is not None:
        out.append(event(shop, "dynamic_inspection", "2024-03-01", points=dynamic))
    return out


def test_food_seller_bands_defaults_school_and_point_downgrade():
    doc = template("food-seller-risk")
    subjects = [
        subject("shop1", "licensed"),
        subject("shop2", "licensed"),
        subject("shop3", "licensed", attributes={"near_school": True}),
        subject("new1", "new_licensed"),
        subject("stall", "small_shop"),
        subject("shop4", "licensed"),
    ]
    events = [
        event("shop1", "static_assessment", "2024-02-01", points=12),
        event("shop1", "dynamic_inspection", "2024-03-01", points=15),  # 27 -> A
        event("shop2", "static_assessment", "2024-02-01", points=20),
        event("shop2", "dynamic_inspection", "2024-03-01", points=20),  # 40 -> B
        event("shop2", "violation_points", "2024-05-01", points=9),  # B with 9 points -> C
        event("shop3", "static_assessment", "2024-02-01", points=5),  # 5 -> A, near school -> D
        event("shop4", "static_assessment", "2024-02-01", points=30),
        event("shop4", "dynamic_inspection", "2024-03-01", points=35),  # 65 -> D
    ]
    r = simulate(doc, subjects, events)
    assert (r["shop1"].total, r["shop1"].grade) == (27.0, "A")
    assert (r["shop2"].total, r["shop2"].grade) == (40.0, "C")
    assert r["shop3"].grade == "D" and "adjusted:school" in r["shop3"].flags
    assert r["new1"].grade == "B" and r["stall"].grade == "C"
    assert (r["shop4"].total, r["shop4"].grade) == (65.0, "D")
    assert "inspections_min_3" in r["shop4"].flags and "inspections_min_1" in r["shop1"].flags


@pytest.mark.parametrize(
    ("static", "dynamic", "grade"),
    [
        (0, 0, "A"),  # 0 + 0 = 0: A "0-30(含)"
        (10, 20, "A"),  # 30: A includes 30 (含)
        (10, 20.5, "B"),  # 30.5: above 30, so B "30-45(含)" (factor tables score halves)
        (15, 16, "B"),  # 31
        (15, 30, "B"),  # 45: B includes 45
        (15, 30.2, "C"),  # 45.2: C "45-60(含)"
        (16, 30, "C"),  # 46
        (20, 40, "C"),  # 60: C includes 60
        (20, 40.5, "D"),  # 60.5: "60分以上" is D
        (21, 40, "D"),  # 61
        (40, 60, "D"),  # 100, the most: static ≤ 40 + dynamic ≤ 60
    ],
)
def test_food_seller_band_edges_include_their_upper_bound(static, dynamic, grade):
    doc = template("food-seller-risk")
    r = simulate(doc, [subject("s", "licensed")], _scored("s", static, dynamic))
    assert r["s"].total == static + dynamic and r["s"].grade == grade


def test_food_seller_static_and_dynamic_keep_their_own_maximum_and_count_once():
    doc = template("food-seller-risk")
    # static is scored 0..40 and dynamic 0..60: 41 is refused
    with pytest.raises(InputError, match=r"outside"):
        simulate(doc, [subject("s", "licensed")], _scored("s", 41, 0))
    with pytest.raises(InputError, match=r"outside"):
        simulate(doc, [subject("s", "licensed")], _scored("s", 0, 61))
    # a second unreversed assessment does not add up: 20 + 25 (the second static counts 0) = 45 B
    events = [*_scored("s", 20, 25), event("s", "static_assessment", "2024-06-01", points=30)]
    r = simulate(doc, [subject("s", "licensed")], events)
    assert (r["s"].buckets["static"], r["s"].total, r["s"].grade) == (20.0, 45.0, "B")


def test_food_seller_new_sellers_keep_b_or_c_until_scored_on_site():
    doc = template("food-seller-risk")
    subjects = [
        subject("new_static_only", "new_licensed"),
        subject("new_scored", "new_licensed"),
        subject("stall_static_only", "small_shop"),
        subject("stall_scored", "small_shop"),
        subject("old_static_only", "licensed"),
    ]
    events = [
        # l.491: 新办许可 → B, 小经营店/小摊点 → C, until the on-site dynamic scoring
        *_scored("new_static_only", 10),  # 10 would be A: stays B
        *_scored("new_scored", 10, 10),  # 10 + 10 = 20 → A, "根据实际确定风险等级"
        *_scored("stall_static_only", 5),  # stays C
        *_scored("stall_scored", 30, 20),  # 30 + 20 = 50 → C by score
        # a licensed seller never inspected: its 10 static points are no evidence of low
        # risk; it is graded like a new licence holder (B) until scored on site
        *_scored("old_static_only", 10),
    ]
    r = simulate(doc, subjects, events)
    assert (
        r["new_static_only"].grade == "B"
        and "adjusted:new_licensed_b" in r["new_static_only"].flags
    )
    assert r["new_scored"].grade == "A"
    assert r["stall_static_only"].grade == "C"
    assert r["stall_scored"].grade == "C" and "adjusted:small_shop_c" not in r["stall_scored"].flags
    assert r["old_static_only"].grade == "B"
    # an uninspected seller does not close as A, whatever its category
    r = simulate(doc, [subject("plain", "licensed"), subject("none", "default")], [])
    assert (r["plain"].grade, r["none"].grade) == ("B", "B")
    # no booking at all: the category's grade
    r = simulate(doc, [subject("n", "new_licensed"), subject("t", "small_shop")], [])
    assert (r["n"].grade, r["t"].grade) == ("B", "C")


@pytest.mark.parametrize(
    ("category", "static", "dynamic", "points", "grade"),
    [
        ("licensed", 10, 10, 5, "A"),  # A (20) with 5 points: under 6, stays A
        ("licensed", 10, 10, 6, "B"),  # A with 6 points → B
        ("licensed", 20, 20, 8, "B"),  # B (40) with 8: stays B
        ("licensed", 20, 20, 9, "C"),  # B with 9 → C
        ("licensed", 25, 30, 11, "C"),  # C (55) with 11: stays C
        ("licensed", 25, 30, 12, "D"),  # C with 12 → D
        ("licensed", 30, 40, 12, "D"),  # D (70) stays D
        ("licensed", 20, 20, 6, "B"),  # B's threshold is 9, not A's 6
        ("new_licensed", 10, None, 6, "B"),  # a new seller holds B: A's 6 does not apply
        ("new_licensed", 10, None, 9, "C"),  # … B's 9 does
        ("small_shop", 5, None, 9, "C"),  # a stall holds C: 9 is not enough
        ("small_shop", 5, None, 12, "D"),  # C with 12 → D
    ],
)
def test_food_seller_violation_points_lower_the_held_grade_one_step(
    category, static, dynamic, points, grade
):
    doc = template("food-seller-risk")
    events = [
        *_scored("s", static, dynamic),
        event("s", "violation_points", "2024-05-01", points=points),
    ]
    r = simulate(doc, [subject("s", category)], events)
    assert r["s"].buckets["violation"] == points and r["s"].grade == grade


def test_food_seller_yearly_adjustment_up_one_or_two_down_one():
    doc = template("food-seller-risk")
    names = ["one", "two", "cases", "lower", "both", "award_d", "school"]
    subjects = [subject(n, "licensed") for n in names[:-1]]
    subjects.append(subject("school", "licensed", attributes={"near_school": True}))
    events = [e for n in names for e in _scored(n, 10, 10)]  # 20 → A for everyone
    events += [
        event("one", "failed_sampling", "2024-06-01"),  # A up one → B
        event("two", "food_incident", "2024-06-01", levels=2),  # A up two → C
        # two cases of one level: only the largest case counts ("视情况调高一个或者两个等级")
        event("cases", "recall_refused", "2024-06-01"),
        event("cases", "obstruction", "2024-07-01"),  # → B, not C
        event("lower", "quality_award", "2024-06-01"),  # A cannot go below A
        event("both", "bad_social_impact", "2024-06-01", levels=2),  # A +2 = C
        event("both", "model_title", "2024-08-01"),  # then −1 = B
        event("school", "clean_record_years", "2024-12-01"),  # at a school: D whatever
    ]
    events += [
        event("award_d", "violation_points", "2024-05-01", points=6),  # A → B by points
        event("award_d", "other_raise", "2024-06-01", levels=2),  # B +2 = D
        event("award_d", "clean_record_years", "2024-12-01"),  # … −1 = C
        event("award_d", "other_lower", "2024-12-02"),  # one level down at most: still C
    ]
    r = simulate(doc, subjects, events)
    assert r["one"].grade == "B" and "adjusted:raise_one" in r["one"].flags
    assert r["two"].grade == "C" and "adjusted:raise_two" in r["two"].flags
    assert r["cases"].buckets["raise_levels"] == 1.0 and r["cases"].grade == "B"
    assert r["lower"].grade == "A"
    assert r["both"].grade == "B"
    assert r["award_d"].buckets["lower_levels"] == 1.0 and r["award_d"].grade == "C"
    assert r["school"].grade == "D"


def test_food_seller_minimum_inspections_by_grade():
    doc = template("food-seller-risk")
    shops = {"a": (10, 10), "b": (20, 20), "c": (25, 30), "d": (30, 40)}
    subjects = [subject(s, "licensed") for s in shops]
    events = [e for s, (st, dy) in shops.items() for e in _scored(s, st, dy)]
    r = simulate(doc, subjects, events)
    # at least once a year for A and B, twice for C, three times for D
    wanted = {"a": ("A", 1), "b": ("B", 1), "c": ("C", 2), "d": ("D", 3)}
    for s, (grade, n) in wanted.items():
        assert r[s].grade == grade and f"inspections_min_{n}" in r[s].flags
    # lower risk ranks first (rank by total ascending)
    assert [r[s].rank for s in "abcd"] == [1, 2, 3, 4]


def test_food_seller_factor_tables_are_checked_when_published():
    import copy

    from rulesets.validator import semantic_problems

    doc = template("food-seller-risk")
    assert sum(f["max"] for f in doc["risk_grading"]["static_factors"]) == 40  # the regulation's 40
    bad = copy.deepcopy(doc)
    bad["risk_grading"]["static_factors"][0]["bands"][0]["up_to"] = 5000  # above the next band
    bad["risk_grading"]["static_factors"][1]["bands"][0]["points"] = 9  # above its max of 2
    assert [p.path for p in semantic_problems(bad)] == [
        "$.risk_grading.static_factors[0].bands",
        "$.risk_grading.static_factors[1].bands",
    ]
