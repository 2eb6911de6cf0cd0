"""Golden tests of the yuxi-teacher-branch template: the expected numbers worked out by hand from its seed
article (named in the template's header).

Seed 003 四: 积分 = 基础分 (60, the initial score) + 履职分 (earned, 25) + 加分 − 扣分, "加分后总分最高
100分为上限封顶", 年度积分 = 基础分 + 履职得分 − 累计扣分; 一票否决 → 0; ≥80 优秀, 70-79 合格,
60-69 基本合格, <60 不合格. Item values are the template's defaults from seed 002."""

from __future__ import annotations

import pytest

from tests.rulesets.helpers import event, simulate, subject, template


def test_yuxi_teacher_branch_base_60_duty_25_capped_100_and_veto():
    doc = template("yuxi-teacher-branch")
    subjects = [subject(f"m{i}") for i in range(1, 5)]
    events = [
        event("m1", "duty_done", "2024-03-01", points=25),
        event("m1", "contribution", "2024-05-01", points=5),
        event("m1", "contribution", "2024-06-01", points=5),  # 60 + 25 + 10 = 95
        event("m2", "duty_done", "2024-03-01", points=15),
        event("m2", "party_day_absent", "2024-04-01"),
        event("m2", "late", "2024-05-01"),  # 60 + 15 - 2 - 1 = 72 合格
        event("m3", "duty_done", "2024-03-01", points=25),
        event("m3", "contribution", "2024-05-01", points=5),
        event("m3", "contribution", "2024-06-01", points=5),
        event("m3", "contribution", "2024-07-01", points=5),
        event("m3", "contribution", "2024-08-01", points=5),  # 60 + 25 + 20 = 105 -> 100
        event("m4", "duty_done", "2024-03-01", points=20),
        event("m4", "discipline_violation", "2024-09-01"),  # 一票否决 -> 0
    ]
    r = simulate(doc, subjects, events)
    assert (r["m1"].total, r["m1"].grade) == (95.0, "excellent")
    assert (r["m2"].total, r["m2"].grade) == (72.0, "qualified")
    assert (r["m3"].total, r["m3"].grade) == (100.0, "excellent")
    assert (r["m4"].total, r["m4"].grade, r["m4"].vetoed) == (0.0, "unqualified", True)
    assert "organisational_handling" in r["m4"].flags


def test_yuxi_deductions_come_off_the_capped_sum():
    doc = template("yuxi-teacher-branch")
    bonus = [event("m", "contribution", f"2024-0{m}-01", points=5) for m in range(4, 8)]
    events = [
        event("m", "duty_done", "2024-03-01", points=25),
        *bonus,  # 60 + 25 + 20 = 105, capped at 100 "加分后"
        event("m", "late", "2024-09-01"),
        event("m", "task_refused", "2024-10-01"),
        event("m", "work_lapse", "2024-11-01", points=-2),  # 累计扣分 1 + 2 + 2 = 5
    ]
    r = simulate(doc, [subject("m")], events)
    # min(100, 105) − 5 = 95 (not 105 − 5 = 100)
    assert r["m"].buckets["deduction"] == -5.0
    assert (r["m"].total, r["m"].grade) == (95.0, "excellent")


def test_yuxi_each_deduction_item_and_the_duty_cap():
    doc = template("yuxi-teacher-branch")
    events = [
        # duty earns per task, at most 25 a year: 20 + 10 → 25
        event("m", "duty_done", "2024-02-01", points=20),
        event("m", "duty_done", "2024-06-01", points=10),
        event("m", "party_day_absent", "2024-03-01"),  # −2
        event("m", "late", "2024-03-02"),  # −1
        event("m", "training_absent", "2024-03-03"),  # −2
        event("m", "task_not_done", "2024-03-04"),  # −1
        event("m", "task_refused", "2024-03-05"),  # −2
        event("m", "dues_late", "2024-03-06"),  # −5
        event("m", "work_lapse", "2024-03-07", points=-4),  # −4
    ]
    r = simulate(doc, [subject("m")], events)
    # 60 + 25 − (2 + 1 + 2 + 1 + 2 + 5 + 4) = 85 − 17 = 68 基本合格
    assert r["m"].buckets == {"basic": 60.0, "duty": 25.0, "bonus": 0.0, "deduction": -17.0}
    assert (r["m"].total, r["m"].grade) == (68.0, "basic_qualified")


@pytest.mark.parametrize(
    ("duty", "grade"),
    [
        (20, "excellent"),  # 60 + 20 = 80: "80分及以上" 优秀
        (19.5, "qualified"),  # 79.5: 合格 runs up to 80 (70-79分, fractional points)
        (10, "qualified"),  # 70: 合格
        (9.5, "basic_qualified"),  # 69.5: 基本合格 (60-69分)
        (None, "basic_qualified"),  # 60 alone: 基本合格
    ],
)
def test_yuxi_band_edges(duty, grade):
    doc = template("yuxi-teacher-branch")
    events = [] if duty is None else [event("m", "duty_done", "2024-03-01", points=duty)]
    r = simulate(doc, [subject("m")], events)
    assert r["m"].total == 60 + (duty or 0) and r["m"].grade == grade


def test_yuxi_below_sixty_and_the_floor_at_zero():
    doc = template("yuxi-teacher-branch")
    events = [
        event("low", "work_lapse", "2024-03-01", points=-1),  # 60 − 1 = 59 不合格 ("60分以下")
        *[event("zero", "dues_late", f"2024-{m:02d}-01") for m in range(1, 13)],  # 60 − 60 = 0
        event("zero", "late", "2024-12-20"),  # 60 − 61 → 0, not −1
    ]
    r = simulate(doc, [subject("low"), subject("zero")], events)
    assert (r["low"].total, r["low"].grade) == (59.0, "unqualified")
    assert "organisational_handling" in r["low"].flags
    assert (r["zero"].total, r["zero"].grade) == (0.0, "unqualified")
