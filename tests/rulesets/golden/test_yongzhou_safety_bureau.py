"""Golden tests of the yongzhou-safety-bureau template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

from datetime import date

import pytest

from rulesets.errors import QuotaTieUnresolved
from tests.rulesets.helpers import event, simulate, subject, template


def test_yongzhou_monthly_average_one_third_quota_and_new_member_not_assessed():
    doc = template("yongzhou-safety-bureau")
    subjects = [subject(f"m{i}") for i in range(1, 7)] + [
        subject("new", joined_on=date(2024, 9, 1))
    ]
    events = [
        # m1..m4 keep 100 every month; m5: -2 in one month -> mean 100 - 2/12
        event("m5", "party_day_absent", "2024-03-05"),
        # m6: -2 -1 -2 in Jan, assignment refused -2 in Feb (all 基础积分): months 95, 98,
        # 100×10 -> mean (1200 - 7)/12 = 99.4167
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
    # m6: basic Jan 60-5 = 55, basic Feb 60-2 = 58 (不执行组织分配 is 服从组织分配, l.40):
    # (1200 - 5 - 2)/12 = 99.4167 -> 99.42; duty stays 40
    assert r["m6"].total == 99.42
    assert r["m6"].buckets["basic"] == pytest.approx((720 - 7) / 12)
    assert r["m6"].buckets["duty"] == 40.0
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


def _basic_emptied(member: str, months: int) -> list:
    """`months` months (Jan, Feb, …) in which the member loses all 60 基础积分 (30 × -2)."""
    return [
        event(member, "party_day_absent", f"2024-{m:02d}-05", quantity=30)
        for m in range(1, months + 1)
    ]


def test_yongzhou_grade_band_edges_on_the_monthly_average():
    doc = template("yongzhou-safety-bureau")
    names = ["top", "a90", "a89", "a70", "a69", "a60", "a59"]
    events = [
        # a90: two months at 0 + 40: (1200 - 2×60)/12 = 90.00 → 优秀 ("90分及以上")
        *_basic_emptied("a90", 2),
        # a89: and one late arrival more: (1200 - 121)/12 = 89.9167 → 89.92 合格
        *_basic_emptied("a89", 2),
        event("a89", "party_day_late", "2024-12-05"),
        # a70: six months: (1200 - 360)/12 = 70.00 → 合格 ("70-89分")
        *_basic_emptied("a70", 6),
        # a69: (1200 - 361)/12 = 69.9167 → 69.92 基本合格 ("60-69分")
        *_basic_emptied("a69", 6),
        event("a69", "party_day_late", "2024-12-05"),
        # a60: eight months: (1200 - 480)/12 = 60.00 → 基本合格
        *_basic_emptied("a60", 8),
        # a59: (1200 - 481)/12 = 59.9167 → 59.92 不合格 ("60分以下")
        *_basic_emptied("a59", 8),
        event("a59", "party_day_late", "2024-12-05"),
    ]
    r = simulate(doc, [subject(n) for n in names], events)
    # 7 members: ⌊7/3⌋ = 2 places for 优秀, taken by top (100) and a90 (90)
    expected = {
        "top": (100.0, "excellent"),
        "a90": (90.0, "excellent"),
        "a89": (89.92, "qualified"),
        "a70": (70.0, "qualified"),
        "a69": (69.92, "basic_qualified"),
        "a60": (60.0, "basic_qualified"),
        "a59": (59.92, "unqualified"),
    }
    assert {n: (r[n].total, r[n].grade) for n in names} == expected


def test_yongzhou_parts_floor_at_zero_and_bonus_caps_at_ten_a_month_without_a_total_clamp():
    doc = template("yongzhou-safety-bureau")
    events = [
        # floor: -80 in January empties 基础积分 (60) only: month 0 + 40 = 40 → (1200 - 60)/12 = 95
        event("floor", "party_day_absent", "2024-01-05", quantity=40),
        # a task not done is 履职积分: 40 - 1 = 39 in March
        event("floor", "task_not_done", "2024-03-05"),
        # six volunteer services in May: +12, capped at 10 that month; the total is not
        # clamped: (1200 + 10)/12 = 100.83
        *[event("bonus", "volunteer", f"2024-05-{d:02d}") for d in range(1, 7)],
        # +5 exemplary in June and +2 in July: (1200 + 5 + 2)/12 = 100.58
        event("mixed", "exemplary", "2024-06-01", points=5),
        event("mixed", "volunteer", "2024-07-01"),
    ]
    r = simulate(doc, [subject("floor"), subject("bonus"), subject("mixed")], events)
    assert r["floor"].buckets["basic"] == 55.0  # (60×11 + 0)/12
    assert r["floor"].buckets["duty"] == pytest.approx((40 * 11 + 39) / 12)
    assert r["floor"].total == round((1200 - 60 - 1) / 12, 2) == 94.92
    assert r["bonus"].total == 100.83
    assert r["mixed"].total == 100.58
    assert r["bonus"].rank == 1 and r["mixed"].rank == 2 and r["floor"].rank == 3


def test_yongzhou_members_joined_or_transferred_within_half_a_year_and_approved_cases_not_assessed():
    doc = template("yongzhou-safety-bureau")
    subjects = [
        subject("m1"),
        subject("m2"),
        subject("m3"),
        # joined 2024-06-30: six whole months to 2024-12-31, assessed on its 7 months
        subject("half", joined_on=date(2024, 6, 30)),
        # joined 2024-07-01: five months, "未满半年": not assessed
        subject("recent", joined_on=date(2024, 7, 1)),
        # 其他存在特殊情况 (approved by the 支委会 and the 党员大会): marked exempt
        subject("special", exempt=True),
    ]
    events = [
        event("m2", "party_day_late", "2024-02-05"),
        event("m3", "party_day_late", "2024-02-05", quantity=2),
        # half: -2 in August, over its months June–December: (100×7 - 2)/7 = 99.71
        event("half", "party_day_absent", "2024-08-05"),
    ]
    r = simulate(doc, subjects, events)
    assert r["half"].total == 99.71
    assert r["recent"].grade is None and "not_assessed_new_member" in r["recent"].flags
    assert r["special"].grade is None and "exempt" in r["special"].flags
    # four assessed (m1 100, m2 99.92, m3 99.83, half 99.71): ⌊4/3⌋ = 1 优秀 place, m1's;
    # the others are ≥ 90 but demoted by the quota
    assert r["m1"].grade == "excellent"
    assert all(
        r[n].grade == "qualified" and "quota:excellent" in r[n].flags for n in ("m2", "m3", "half")
    )


def test_yongzhou_borrows_every_item_of_the_quality_inspection_branch():
    # seed 002 质检 l.215: 发表同上级决定精神相悖言论 −2 (服从组织安排: 基础积分); l.282: not at the
    # party day and not at its make-up class −2; l.219: 带头促进事业发展 +2..+5 (加分项目)
    doc = template("yongzhou-safety-bureau")
    events = [
        event("m1", "dissenting_speech", "2024-03-05"),  # March basic 58
        event("m1", "makeup_class_missed", "2024-03-20"),  # March basic 56
        event("m2", "career_lead", "2024-06-01", points=5),  # June bonus 5
    ]
    r = simulate(doc, [subject("m1"), subject("m2")], events)
    # m1: (60 × 11 + 56) / 12 = 59.6667 basic → 99.67; m2: 100 + 5 / 12 = 100.42
    assert (r["m1"].total, r["m2"].total) == (99.67, 100.42)
    assert r["m1"].buckets["basic"] == pytest.approx(716 / 12)
