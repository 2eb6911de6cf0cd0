"""Golden tests of the star-party-member template: the expected numbers worked out by hand from
its seed article (seed 002 星级党员管理量化考评制度, l.101–111, named in the template's header):
日常行为积分 80 counted down + 年度评议积分 20 / 15 / 10 / 0; 90分以上 / 70–89 / 60–69 / 60分以下."""

from __future__ import annotations

import pytest

from tests.rulesets.helpers import event, simulate, subject


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


def test_five_months_unpaid_is_no_veto(star):
    # 连续6个月以上: five missed months cost 5 × 5 = 25 and nothing more: 80 − 25 + 15 = 70
    events = [event("m1", "dues_missed", f"2024-0{m}-10") for m in range(1, 6)]
    events.append(event("m1", "review_outcome", "2024-12-20", outcome="qualified"))
    r = simulate(star, [subject("m1")], events)["m1"]
    assert (r.total, r.vetoed, r.grade) == (70.0, False, "qualified")


def test_late_or_short_payments_cost_five_each_but_never_veto(star):
    # ⑤ 不能按时或足额交纳党费 每次扣5分; paying late six months running is not 不交纳:
    # 80 − 6 × 5 = 50, + 20 = 70
    events = [event("m1", "dues_late", f"2024-0{m}-10") for m in range(1, 7)]
    events.append(event("m1", "review_outcome", "2024-12-20", outcome="excellent"))
    r = simulate(star, [subject("m1")], events)["m1"]
    assert (r.total, r.vetoed, r.grade) == (70.0, False, "qualified")


def test_six_unpaid_months_interrupted_are_no_veto(star):
    # Jan–Mar and May–Jul unpaid, April paid: two runs of 3, not 连续6个月: 80 − 30 = 50 不合格
    months = ["01", "02", "03", "05", "06", "07"]
    events = [event("m1", "dues_missed", f"2024-{m}-10") for m in months]
    r = simulate(star, [subject("m1")], events)["m1"]
    assert (r.total, r.vetoed, r.grade) == (50.0, False, "unqualified")


def test_probation_or_heavier_sanction_clears_the_year(star):
    # ④ 受留党察看及以上处分的全年无积分, whatever the rest: 80 + 20 → 0
    events = [
        event("m1", "sanction_probation_or_above", "2024-06-01"),
        event("m1", "review_outcome", "2024-12-20", outcome="excellent"),
    ]
    r = simulate(star, [subject("m1")], events)["m1"]
    assert (r.total, r.vetoed, r.grade) == (0.0, True, "unqualified")


def test_organisational_handling_and_the_daily_floor(star):
    # ③ 受组织处理 −5: 80 − 5 + 10 = 85 合格
    # ④ −20 × 5 = −100 on a daily 80: the daily part stops at 0, the review 15 stays: 15
    events = [
        event("m1", "organisational_handling", "2024-04-01"),
        event("m1", "review_outcome", "2024-12-20", outcome="basic"),
        *[event("m2", "sanction_below_probation", f"2024-0{m}-01") for m in range(1, 6)],
        event("m2", "review_outcome", "2024-12-20", outcome="qualified"),
    ]
    r = simulate(star, [subject("m1"), subject("m2")], events)
    assert (r["m1"].total, r["m1"].grade) == (85.0, "qualified")
    assert r["m2"].buckets == {"daily": 0.0, "review": 15.0} and r["m2"].total == 15.0


def test_review_counts_once_a_year(star):
    # 年度评议积分 is given once: a second 优秀 adds nothing: 80 + 20 = 100
    events = [
        event("m1", "review_outcome", "2024-06-20", outcome="excellent"),
        event("m1", "review_outcome", "2024-12-20", outcome="excellent"),
    ]
    r = simulate(star, [subject("m1")], events)["m1"]
    assert r.buckets["review"] == 20.0 and r.total == 100.0


@pytest.mark.parametrize(
    ("absences", "outcome", "total", "grade"),
    [
        (10, "excellent", 90.0, "excellent"),  # 80 − 10 + 20 = 90: 90分以上
        (11, "excellent", 89.0, "qualified"),  # 80 − 11 + 20 = 89: 70–89
        (10, "basic", 80.0, "qualified"),
        (20, "basic", 70.0, "qualified"),  # 80 − 20 + 10 = 70
        (21, "basic", 69.0, "basic"),  # 80 − 21 + 10 = 69: 60–69
        (20, "unqualified", 60.0, "basic"),  # 80 − 20 + 0 = 60
        (21, "unqualified", 59.0, "unqualified"),  # 80 − 21 = 59: 60分以下
    ],
)
def test_band_edges(star, absences, outcome, total, grade):
    # ① 每次扣1分, on distinct days
    events = [
        event("m1", "absent_activity", f"2024-{1 + d // 28:02d}-{1 + d % 28:02d}")
        for d in range(absences)
    ]
    events.append(event("m1", "review_outcome", "2024-12-20", outcome=outcome))
    r = simulate(star, [subject("m1")], events)["m1"]
    assert (r.total, r.grade) == (total, grade)


def test_a_fractional_case_by_case_deduction_below_90_is_qualified(star):
    # ⑥ 视情形 1–4 each time, a branch may book 2.5: 80 − 4 − 4 − 2.5 + 20 = 89.5 合格, not 90分以上
    events = [
        event("m1", "other_misconduct", "2024-03-01", points=-4),
        event("m1", "other_misconduct", "2024-04-01", points=-4),
        event("m1", "other_misconduct", "2024-05-01", points=-2.5),
        event("m1", "review_outcome", "2024-12-20", outcome="excellent"),
    ]
    r = simulate(star, [subject("m1")], events)["m1"]
    assert (r.total, r.grade) == (89.5, "qualified")
