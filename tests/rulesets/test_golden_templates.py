"""Golden tests: one per template, expected numbers computed by hand from the seeds."""

from __future__ import annotations

from datetime import date

import pytest

from rulesets.contracts import PreviousResult
from rulesets.errors import QuotaTieUnresolved
from tests.rulesets.helpers import event, simulate, subject, template


def test_star_party_member_totals_grades_and_six_month_dues_veto(star):
    # given
    subjects = [subject("m1"), subject("m2"), subject("m3"), subject("m4")]
    events = [
        event("m1", "absent_activity", "2024-02-03"),  # -1
        event("m1", "review_outcome", "2024-12-20", outcome="excellent"),  # +20
        event("m2", "other_misconduct", "2024-03-03", points=-3),  # -3 case by case
        event("m2", "work_discipline", "2024-03-04"),  # -2
        event("m2", "review_outcome", "2024-12-20", outcome="qualified"),  # +15
        event("m4", "sanction_below_probation", "2024-05-01"),  # -20
        event("m4", "review_outcome", "2024-12-20", outcome="basic"),  # +10
        *[event("m3", "dues_missed", f"2024-0{m}-10") for m in range(1, 7)],  # 6 months
    ]
    # when
    r = simulate(star, subjects, events)
    # then: m1 = 80 - 1 + 20 = 99 优秀; m2 = 80 - 3 - 2 + 15 = 90 优秀 (≥90);
    # m4 = 80 - 20 + 10 = 70 合格; m3 = 80 - 6×5 = 50 but 连续6个月 → 全年无积分 = 0
    assert (r["m1"].total, r["m1"].grade) == (99.0, "excellent")
    assert (r["m2"].total, r["m2"].grade) == (90.0, "excellent")
    assert (r["m4"].total, r["m4"].grade) == (70.0, "qualified")
    assert (r["m3"].total, r["m3"].grade, r["m3"].vetoed) == (0.0, "unqualified", True)
    assert [r[k].rank for k in ("m1", "m2", "m4", "m3")] == [1, 2, 3, 4]


def test_yongzhou_monthly_average_one_third_quota_and_new_member_not_assessed():
    doc = template("yongzhou-safety-bureau")
    subjects = [subject(f"m{i}") for i in range(1, 7)] + [
        subject("new", joined_on=date(2024, 9, 1))
    ]
    events = [
        # m1..m4 keep 100 every month; m5: -2 in one month -> mean 100 - 2/12
        event("m5", "party_day_absent", "2024-03-05"),
        # m6: -2 -1 -2 in Jan, task refused -2 in Feb: months 93, 98, 100×10 -> mean 99.25
        event("m6", "party_day_absent", "2024-01-05"),
        event("m6", "party_day_late", "2024-01-06"),
        event("m6", "training_absent", "2024-01-07"),
        event("m6", "task_refused", "2024-02-07"),
        # m1: a volunteer bonus (+2) in April: the four parts add up (四项分值相加), no cap
        event("m1", "volunteer", "2024-04-01"),
    ]
    # six assessed members, all ≥ 90; 优秀 at most one third of 6 = 2 places by rank:
    # m1 100.17 first; m2, m3, m4 tie at 100 for the one place left, and no tie-break
    # (bonus, points lost) separates them: the branch committee decides
    with pytest.raises(QuotaTieUnresolved) as tie:
        simulate(doc, subjects, events)
    [pending] = tie.value.ties
    assert (pending.key, pending.places, pending.tied, pending.rank) == (
        "excellent:all", 1, ("m2", "m3", "m4"), 2,
    )  # fmt: skip
    r = simulate(doc, subjects, events, decisions={"excellent:all": ["m3"]})
    # monthly mean: basic (60×11 + 58)/12 = 59.8333 -> total 99.83 for m5
    assert r["m5"].total == 99.83
    # m6: basic Jan 60-5 = 55, duty Feb 40-2 = 38: (1200 - 5 - 2)/12 = 99.4167 -> 99.42
    assert r["m6"].total == 99.42
    # m1: 100 + bonus mean 2/12 = 100.17
    assert r["m1"].total == 100.17
    assert sorted(k for k, v in r.items() if v.grade == "excellent") == ["m1", "m3"]
    assert "quota_committee:excellent" in r["m3"].flags and "quota:excellent" in r["m2"].flags
    assert r["m2"].rank == 2 and r["m5"].rank == 5 and r["m6"].rank == 6
    assert r["new"].grade is None and "not_assessed_new_member" in r["new"].flags


def test_yongzhou_tie_is_broken_by_bonus_then_by_fewer_points_lost():
    doc = template("yongzhou-safety-bureau")
    subjects = [subject(f"m{i}") for i in range(1, 7)]
    events = [
        # m1 and m2 end the year level at 100.17: m1 by +2 bonus, m2 by +4 bonus and -2 lost
        event("m1", "volunteer", "2024-04-01"),
        event("m2", "volunteer", "2024-05-01"),
        event("m2", "volunteer", "2024-05-02"),
        event("m2", "party_day_absent", "2024-05-03"),
        # m3: +2 bonus, like m1, but also -1 and +1 in other buckets: 100.17, 1 point lost
        event("m3", "volunteer", "2024-06-01"),
        event("m3", "task_not_done", "2024-07-01"),
        event("m3", "exemplary", "2024-08-01", points=2),
    ]
    r = simulate(doc, subjects, events)
    # quota 2 of 6. m2 has the most bonus (4/12), then m3 (4/12, 1 lost) vs m1 (2/12):
    # totals m1 100.17, m2 100.17, m3 100.25 → m3 rank 1 alone, m1 and m2 tie at rank 2 for
    # one place: more bonus wins (m2 4/12 > m1 2/12)
    assert r["m3"].rank == 1 and r["m1"].rank == r["m2"].rank == 2
    assert sorted(k for k, v in r.items() if v.grade == "excellent") == ["m2", "m3"]
    assert "quota:excellent" in r["m1"].flags


def test_yongzhou_quota_admits_the_top_third_by_rank():
    doc = template("yongzhou-safety-bureau")
    subjects = [subject(f"m{i}") for i in range(1, 7)]
    events = [
        event(f"m{i}", "party_day_late", f"2024-0{i}-02", quantity=i - 1) for i in range(2, 7)
    ]
    r = simulate(doc, subjects, events)
    # m_i loses (i-1) once: totals 100, 100 - 1/12, 100 - 2/12 … all ≥ 90; quota 6/3 = 2
    assert [r[f"m{i}"].rank for i in range(1, 7)] == [1, 2, 3, 4, 5, 6]
    assert [r[f"m{i}"].grade for i in range(1, 7)] == ["excellent"] * 2 + ["qualified"] * 4
    assert "quota:excellent" in r["m3"].flags


def test_household_base_140_percentile_stars_with_floor():
    doc = template("household-140-stars")
    subjects = [subject(f"h{i:02d}", "household") for i in range(1, 11)]
    events = [
        event("h01", "waste_sorting", "2024-02-01"),  # Q1 environment 40+15=55 -> mean 43.75
        event("h01", "joins_party", "2024-06-01"),  # +5 -> total 140 + 3.75 + 5 = 148.75
        event("h02", "neighbourly", "2024-05-01"),  # Q2 civility 55 -> mean 43.75 -> 143.75
        event("h03", "law_breach", "2024-07-01", points=-5),  # 135: below base 140
        event("h04", "joins_party", "2024-07-01"),  # 145
    ]
    r = simulate(doc, subjects, events)
    assert r["h01"].total == 148.75 and r["h02"].total == 143.75
    assert r["h03"].total == 135.0 and r["h04"].total == 145.0
    # 10 households: top 10% = rank 1 -> 5 stars; rank 2 -> 4 stars; rank 3 -> 3 stars.
    assert (r["h01"].rank, r["h01"].stars) == (1, 5)
    assert (r["h04"].rank, r["h04"].stars) == (2, 4)
    assert (r["h02"].rank, r["h02"].stars) == (3, 3)
    # the six at exactly 140 tie at rank 4 (> 30% of 10): no stars; h03 ranks last.
    assert r["h05"].rank == 4 and r["h05"].stars == 0 and r["h03"].rank == 10


def test_household_star_needs_total_not_below_base():
    doc = template("household-140-stars")
    subjects = [subject("a", "household"), subject("b", "household")]
    events = [
        event("a", "law_breach", "2024-03-01", points=-1),
        event("b", "law_breach", "2024-03-01", points=-2),
    ]
    r = simulate(doc, subjects, events)
    # a ranks 1 of 2 (top 50% but 1 <= 0.1×2? no): ranks 1 <= 0.3×2=0.6 fails -> no stars
    assert r["a"].stars == 0 and r["b"].stars == 0


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


def test_class_points_officers_lose_double_except_study_and_duty():
    doc = template("class-points")
    subjects = [subject("p1", "pupil"), subject("o1", "officer")]
    events = [
        event("p1", "skipped_exercise", "2024-09-10"),  # conduct -2
        event("p1", "late", "2024-09-11"),  # study -1
        event("o1", "skipped_exercise", "2024-09-10"),  # officer: -2 × 2 = -4
        event("o1", "late", "2024-09-11"),  # study deduction: same as pupils, -1
        event("o1", "duty_forgotten", "2024-09-12"),  # duty deduction: same, -2
        event("o1", "good_deed", "2024-09-13"),  # bonus not doubled: +1
    ]
    r = simulate(doc, subjects, events, start="2024-09-01")
    # p1 = 80 - 2 - 1 = 77; o1 = 85 - 4 - 1 - 2 + 1 = 79
    assert r["p1"].total == 77.0 and r["o1"].total == 79.0
    assert r["o1"].rank == 1 and "prize_top15" in r["p1"].flags


def test_dongtang_vote_weighted_review_and_requirements():
    doc = template("dongtang-vote-weighted")
    subjects = [subject("s1", "student"), subject("s2", "student")]
    events = [
        *[event("s1", "org_life", f"2024-0{m}-05") for m in range(1, 6)],  # 5 ≥ 5
        event("s1", "outstanding", "2024-06-01", points=10),
        event("s1", "review_votes", "2024-12-20", votes={"excellent": 6, "good": 3, "pass": 1}),
        *[event("s2", "org_life", f"2024-0{m}-05") for m in range(1, 4)],  # 3 < 5
        event("s2", "review_votes", "2024-12-20", votes={"good": 2, "poor": 2}),
    ]
    r = simulate(doc, subjects, events)
    # s1 review = (6×100 + 3×80 + 1×60) / 10 = 90; total = (100 + 10)×0.8 + 90×0.2 = 106
    assert r["s1"].buckets["review"] == 90.0 and r["s1"].total == 106.0
    assert r["s1"].grade == "excellent"
    # s2 review = (2×80 + 2×40) / 4 = 60; total = 100×0.8 + 60×0.2 = 92, requirement unmet flag
    assert r["s2"].total == 92.0 and "requirement_unmet:org_life_5" in r["s2"].flags


def test_dongtang_six_months_without_org_life_forces_lowest_grade():
    doc = template("dongtang-vote-weighted")
    events = [event("s1", "org_life_missed", f"2024-0{m}-05") for m in range(1, 7)]
    events.append(event("s1", "review_votes", "2024-12-20", votes={"excellent": 1}))
    r = simulate(doc, [subject("s1", "student")], events)
    # (100 - 12)×0.8 + 100×0.2 = 90.4 would be 优秀, but the veto forces 不合格
    assert r["s1"].total == 90.4 and r["s1"].grade == "unqualified" and r["s1"].vetoed


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


def test_government_centre_vanguard_needs_basic_75_and_quota_20_percent():
    doc = template("government-service-centre")
    subjects = [subject(f"m{i}") for i in range(1, 6)]
    events = [
        # m1: basic 80, bonus 20 -> 100 先锋 (rank 1)
        event("m1", "contribution", "2024-03-01", points=20),
        # m2: superstition -10 -> belief 10, basic 70; bonus 20 -> 90 but basic < 75 -> 合格
        event("m2", "superstition", "2024-03-01"),
        event("m2", "contribution", "2024-03-02", points=20),
        # m3: bonus 15 -> 95 先锋 by score but quota 20% of 5 = 1 -> 合格
        event("m3", "contribution", "2024-03-01", points=15),
        # m4: serious warning -10 -> 70, and the sanction forces 警示 that year
        event("m4", "party_sanction", "2024-04-01", kind="serious_warning"),
        event("m4", "sanction_warning_class", "2024-04-01"),
    ]
    r = simulate(doc, subjects, events)
    assert (r["m1"].total, r["m1"].grade) == (100.0, "vanguard")
    assert (r["m2"].total, r["m2"].grade) == (90.0, "qualified")
    assert "requires_unmet:vanguard" in r["m2"].flags
    assert (r["m3"].total, r["m3"].grade) == (95.0, "qualified") and "quota:vanguard" in r[
        "m3"
    ].flags
    assert (r["m4"].total, r["m4"].grade) == (70.0, "warning")
    assert (r["m5"].total, r["m5"].grade) == (80.0, "qualified")


def test_government_centre_dues_more_than_three_months_unpaid_cost_five():
    # §16 纪律指数: 未按规定标准交纳党费 −3 each time; 超过3个月不交纳 −5 each time
    doc = template("government-service-centre")
    subjects = [subject("m1"), subject("m2"), subject("m3")]
    events = [
        event("m1", "dues_substandard", "2024-03-01", months_unpaid=1),  # -3
        event("m2", "dues_substandard", "2024-03-01", months_unpaid=3),  # -3: not more than 3
        event("m3", "dues_substandard", "2024-03-01", months_unpaid=4),  # -5
        event("m3", "dues_substandard", "2024-09-01", months_unpaid=5),  # -5
    ]
    r = simulate(doc, subjects, events)
    # basic 80 (discipline 20 - deductions), no bonus
    assert [r[m].total for m in ("m1", "m2", "m3")] == [77.0, 77.0, 70.0]
    assert [line.rule for line in r["m3"].explain] == [
        "item dues_substandard (variant over_three_months: event.months_unpaid ≥ 4)"
    ] * 2
    assert r["m2"].explain[0].rule == "item dues_substandard"


def test_vanguard_index_weighting_bonus_limit_and_two_years_basic():
    doc = template("vanguard-index-city")
    prev = (PreviousResult(date(2023, 1, 1), 65.0, "basic_qualified"),)
    subjects = [
        subject("a"),
        subject("b", previous=prev, attributes={"status": "full"}),
        subject("p", attributes={"status": "probationary"}),
    ]
    events = [
        event("a", "review_score", "2024-12-01", points=90),
        event("a", "commendation", "2024-05-01", level="province", category="award"),  # 4
        event("a", "commendation", "2024-06-01", level="city", category="award"),  # not again
        event("a", "media_report", "2024-07-01", points=5, category="media"),  # +5
        *[event("b", "org_life_absent", f"2024-0{m}-02") for m in range(1, 10)],  # -18
        event("b", "review_score", "2024-12-01", points=60),
        *[event("p", "dues_late", f"2024-0{m}-02") for m in range(1, 9)],  # -16
        event("p", "review_score", "2024-12-01", points=50),
    ]
    r = simulate(doc, subjects, events)
    # a: weighted = 100×0.8 + 90×0.2 = 98; reward 4 + 5 = 9 limited to 10% of 98 = 9.8 -> 107 -> 100
    assert r["a"].buckets["reward"] == 9.0 and r["a"].total == 100.0
    # b: 82×0.8 + 60×0.2 = 77.6 合格 — not basic, so no two-year rule
    assert (r["b"].total, r["b"].grade) == (77.6, "qualified")
    # p: 84×0.8 + 50×0.2 = 77.2 合格, probationary: no consequence flag
    assert r["p"].total == 77.2 and "probation_extended" not in r["p"].flags


def test_vanguard_index_second_year_basic_becomes_unqualified_and_probation_extends():
    doc = template("vanguard-index-city")
    prev = (PreviousResult(date(2023, 1, 1), 65.0, "basic_qualified"),)
    subjects = [subject("b", previous=prev), subject("p", attributes={"status": "probationary"})]
    events = [
        *[
            event(s, "org_life_absent", f"2024-{m:02d}-02")
            for m in range(1, 12)
            for s in ("b", "p")
        ],  # -22 -> daily 78
        event("b", "review_score", "2024-12-01", points=0),
        event("p", "review_score", "2024-12-01", points=0),
    ]
    r = simulate(doc, subjects, events)
    # 78×0.8 + 0 = 62.4 基本合格; b was 基本合格 last year -> 不合格; p (probationary) -> extend
    assert (r["b"].total, r["b"].grade) == (62.4, "unqualified")
    assert r["p"].grade == "basic_qualified" and "probation_extended" in r["p"].flags


def test_zhongxiang_honours_media_fraud_and_veto_bars_redemption():
    doc = template("zhongxiang-village")
    subjects = [subject("v1", "villager"), subject("v2", "villager")]
    events = [
        event("v1", "honour", "2024-03-01", level="county"),  # +50
        event("v1", "media_report", "2024-04-01", level="city"),  # +50
        event("v1", "volunteer", "2024-05-01", fraudulent=True),  # false: -2 × 5 = -10
        event("v2", "rescue", "2024-03-01"),  # +30
        event("v2", "law_violation", "2024-06-01"),  # keeps accumulating, no redemption
        event("v2", "mediate_dispute", "2024-07-01"),  # +15
    ]
    r = simulate(doc, subjects, events)
    assert r["v1"].total == 90.0 and r["v1"].redeemable
    assert r["v2"].total == 45.0 and r["v2"].vetoed and not r["v2"].redeemable
    assert "veto:bar_redemption" in r["v2"].flags and r["v1"].rank == 1
