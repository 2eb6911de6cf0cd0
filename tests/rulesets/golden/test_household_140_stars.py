"""Golden tests of the household-140-stars template: the expected numbers worked out by hand from
seed 004 第一篇 四(二)(五) (l.17–21), with the item values of seed 000 §17 (d) 钟祥 家庭 items."""

from __future__ import annotations

import pytest

from rulesets.simulate import InputError
from tests.rulesets.helpers import event, simulate, subject, template


def _households(n: int) -> list:
    return [subject(f"h{i:02d}", "household") for i in range(1, n + 1)]


def test_year_total_is_base_140_plus_bonuses_minus_deductions():
    doc = template("household-140-stars")
    events = [
        event("h01", "waste_sorting", "2024-02-01"),  # Q1 environment +15
        event("h01", "joins_party", "2024-06-01"),  # party building +5
        event("h01", "environment_fault", "2024-08-01", points=-3),  # Q3 environment −3
        event("h01", "neighbourly", "2024-11-01"),  # Q4 civility +15
    ]
    r = simulate(doc, _households(1), events)
    # 基础分 140 + 加分 (15 + 5 + 15) + 减分 (−3) = 172
    assert r["h01"].total == 172.0
    assert r["h01"].buckets["environment"] == 52.0  # 40 + 15 − 3
    assert r["h01"].buckets["civility"] == 55.0 and r["h01"].buckets["party_building"] == 25.0
    # the quarterly assessments are reported per quarter
    moved = [dict(q.buckets) for q in r["h01"].sub_periods]
    assert moved == [
        {"environment": 15.0},
        {"party_building": 5.0},
        {"environment": -3.0},
        {"civility": 15.0},
    ]


def test_base_is_140():
    doc = template("household-140-stars")
    r = simulate(doc, _households(1), [event("h01", "tidy_month", "2024-01-05")])
    # 40 + 40 + 20 + 20 + 20 = 140; + 5 当月
    assert r["h01"].variables["base"] == 140.0 and r["h01"].total == 145.0


def test_yearly_items_once_a_year_monthly_item_once_a_month():
    doc = template("household-140-stars")
    events = [
        event("h01", "plants", "2024-03-01"),
        event("h01", "plants", "2024-09-01"),  # 当年积10分: once
        event("h01", "tidy_month", "2024-03-01"),
        event("h01", "tidy_month", "2024-03-25"),  # 当月积5分: March counts 5
        event("h01", "tidy_month", "2024-04-01"),  # April 5
        event("h01", "education_upgrade", "2024-05-01"),
        event("h01", "education_upgrade", "2024-10-01"),  # 每次积5分: 10
        event("h01", "compulsory_education", "2024-09-01"),  # 6
        event("h01", "family_motto", "2024-09-01"),  # 6
        event("h01", "no_straw_burning", "2024-12-01"),  # 10
    ]
    r = simulate(doc, _households(1), events)
    # 140 + 10 + (5 + 5) + 10 + 6 + 6 + 10 = 192
    assert r["h01"].buckets["environment_monthly"] == 10.0
    assert r["h01"].total == 192.0


def test_other_item_goes_to_the_aspect_the_group_names():
    doc = template("household-140-stars")
    events = [
        event("h01", "other_household", "2024-03-01", aspect="livelihood"),
        event("h01", "other_household", "2024-04-01", aspect="environment"),
    ]
    r = simulate(doc, _households(1), events)
    assert r["h01"].buckets["livelihood"] == 25.0 and r["h01"].buckets["environment"] == 45.0
    with pytest.raises(InputError, match="aspect"):
        simulate(doc, _households(1), [event("h01", "other_household", "2024-03-01")])


def test_a_deduction_case_costs_at_most_the_aspect_base():
    doc = template("household-140-stars")
    r = simulate(doc, _households(1), [event("h01", "law_breach", "2024-03-01", points=-20)])
    assert r["h01"].buckets["law_abiding"] == 0.0 and r["h01"].total == 120.0
    with pytest.raises(InputError, match="points"):
        simulate(doc, _households(1), [event("h01", "law_breach", "2024-03-01", points=-21)])
    with pytest.raises(InputError, match="points"):
        simulate(doc, _households(1), [event("h01", "environment_fault", "2024-03-01", points=-41)])


def test_percentile_stars_with_floor():
    doc = template("household-140-stars")
    events = [
        event("h01", "waste_sorting", "2024-02-01"),  # 155
        event("h01", "joins_party", "2024-06-01"),  # 160
        event("h02", "neighbourly", "2024-05-01"),  # 155
        event("h03", "law_breach", "2024-07-01", points=-5),  # 135: below base 140
        event("h04", "joins_party", "2024-07-01"),  # 145
    ]
    r = simulate(doc, _households(10), events)
    assert [r[h].total for h in ("h01", "h02", "h03", "h04")] == [160.0, 155.0, 135.0, 145.0]
    # 10 households: 前10% = rank ≤ 1 → ★5; 前20% = rank ≤ 2 → ★4; 前30% = rank ≤ 3 → ★3
    assert (r["h01"].rank, r["h01"].stars) == (1, 5)
    assert (r["h02"].rank, r["h02"].stars) == (2, 4)
    assert (r["h04"].rank, r["h04"].stars) == (3, 3)
    # the six at exactly 140 tie at rank 4 (> 30% of 10): no stars; h03 ranks last
    assert r["h05"].rank == 4 and r["h05"].stars == 0 and r["h03"].rank == 10


def test_star_needs_total_not_below_base_140_itself_is_enough():
    doc = template("household-140-stars")
    # h01 stays at 140 (不低于基础分值: equal is enough); the other nine lose points
    events = [event(f"h{i:02d}", "law_breach", "2024-03-01", points=-i) for i in range(2, 11)]
    r = simulate(doc, _households(10), events)
    assert (r["h01"].total, r["h01"].rank, r["h01"].stars) == (140.0, 1, 5)
    # h02 (138) ranks 2 and h03 (137) ranks 3, inside 20% and 30%, but below 140: no stars
    assert (r["h02"].rank, r["h02"].stars) == (2, 0) and "stars_below_floor" in r["h02"].flags
    assert (r["h03"].rank, r["h03"].stars) == (3, 0)


def test_star_shares_are_exact_and_ties_share_the_rank():
    doc = template("household-140-stars")
    # 20 households: 10% = 2, 20% = 4, 30% = 6 places by rank
    points = {1: 30, 2: 30, 3: 25, 4: 20, 5: 15, 6: 10, 7: 10, 8: 10}  # h06–h08 tie at rank 6
    events = [
        event(f"h{i:02d}", "other_household", f"2024-03-{d:02d}", aspect="civility")
        for i, n in points.items()
        for d in range(1, n // 5 + 1)
    ]
    r = simulate(doc, _households(20), events)
    stars = {h: (r[h].rank, r[h].stars) for h in (f"h{i:02d}" for i in range(1, 10))}
    assert stars == {
        "h01": (1, 5),
        "h02": (1, 5),  # tied at rank 1 ≤ 2
        "h03": (3, 4),  # 3 ≤ 4
        "h04": (4, 4),  # 4 ≤ 4
        "h05": (5, 3),  # 5 ≤ 6
        "h06": (6, 3),  # the tie at rank 6 ≤ 6 is all in: seven households get ★3 or more
        "h07": (6, 3),
        "h08": (6, 3),
        "h09": (9, 0),  # 140, rank 9 > 6
    }
