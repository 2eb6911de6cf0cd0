"""Golden tests: 采气二厂 (seed 002), teacher routine (seed 000 §4), enterprise (000 §3, 002)."""

from __future__ import annotations

from tests.rulesets.helpers import event, simulate, subject, template


def test_changqing_gas_plant_basic_60_duty_40_plus_bonus_minus_deduction():
    doc = template("changqing-gas-plant-2")
    subjects = [subject(f"m{i}") for i in range(1, 5)]
    events = [
        event("m1", "rules_and_discipline", "2024-02-01", points=-2),
        event("m1", "duty_assessment", "2024-03-01", points=-5),
        event("m1", "bonus", "2024-04-01", points=3),
        event("m1", "deduction", "2024-05-01", points=-1),
        event("m2", "integrity", "2024-02-01", points=-15),
        event("m2", "duty_assessment", "2024-06-01", points=-10),
        event("m4", "bonus", "2024-04-01", points=10),
        event("m4", "bonus", "2024-08-01", points=5),
    ]
    r = simulate(doc, subjects, events)
    # m1 = (60 - 2) + (40 - 5) + 3 - 1 = 95 优秀; m2 = 45 + 30 = 75 合格; m3 = 60 + 40 = 100;
    # m4 = 100 + 10 + 5 = 115: 加分项计入总分, no clamp
    assert (r["m1"].total, r["m1"].grade) == (95.0, "excellent")
    assert (r["m2"].total, r["m2"].grade) == (75.0, "qualified")
    assert r["m3"].total == 100.0 and r["m4"].total == 115.0
    assert [r[f"m{i}"].rank for i in (4, 3, 1, 2)] == [1, 2, 3, 4]


def test_teacher_routine_top_half_excellent_200_rest_150_failed_standard_unqualified():
    doc = template("teacher-routine-monthly")
    subjects = [subject(f"t{i}", "teacher") for i in range(1, 5)]
    events = [
        event("t1", "homework_check", "2024-09-10", points=10),
        event("t1", "lesson_review", "2024-09-15", points=9),  # 19
        event("t2", "homework_check", "2024-09-10", points=8),
        event("t2", "lesson_plan_check", "2024-09-20", points=8),  # 16
        event("t3", "homework_check", "2024-09-10", points=10),  # 10, but late once
        event("t3", "late_to_class", "2024-09-11"),
        event("t4", "homework_check", "2024-09-10", points=5),  # 5
    ]
    r = simulate(doc, subjects, events, start="2024-09-01")
    # ranks by development score: t1 19, t2 16, t3 10, t4 5; 50% of 4 = 2 优秀 (t1, t2);
    # t3 failed a standard item -> 不合格; t4 passes -> 合格 (quota)
    assert [r[f"t{i}"].rank for i in range(1, 5)] == [1, 2, 3, 4]
    assert [r[f"t{i}"].grade for i in range(1, 5)] == [
        "excellent",
        "excellent",
        "unqualified",
        "qualified",
    ]
    assert "award_200" in r["t1"].flags and "award_200" in r["t2"].flags
    assert "award_150" in r["t4"].flags and "quota:excellent" in r["t4"].flags
    assert not {"award_200", "award_150"} & set(r["t3"].flags)


def test_enterprise_year_is_the_sum_of_quarters_over_four_with_veto():
    doc = template("enterprise-employee-points")
    subjects = [subject(f"e{i}", "employee") for i in range(1, 5)]
    full_task = {
        "duties": 15,
        "pairing": 6,
        "activities": 4,
        "research": 4,
        "pledge": 3,
        "role": 3,
        "volunteer": 2,
        "good_deeds": 2,
        "task_other": 11,
    }  # 15 + 6 + 4 + 4 + 3 + 3 + 2 + 2 + 11 = 50 a quarter
    quarters = ["2024-02-01", "2024-05-01", "2024-08-01", "2024-11-01"]
    events = [
        # e1: Q1 basic 40 - 3 = 37, task 15 + 6 = 21, reward 5; Q2 reward 4 (province)
        event("e1", "political", "2024-01-10", points=-3),
        event("e1", "duties", "2024-02-10", points=15),
        event("e1", "pairing", "2024-03-10", points=6),
        event("e1", "outstanding", "2024-03-20"),
        event("e1", "commendation", "2024-05-20", level="province"),
        # e2: task 15 + 11 = 26 every quarter, city commendation 3 in Q3
        *[event("e2", "duties", q, points=15) for q in quarters],
        *[event("e2", "task_other", q, points=11) for q in quarters],
        event("e2", "commendation", "2024-08-20", level="city"),
        # e3: full task every quarter; three outstanding contributions in Q1: 15 capped at 10
        *[event("e3", item, q, points=p) for q in quarters for item, p in full_task.items()],
        *[event("e3", "outstanding", "2024-03-0" + str(d)) for d in (1, 2, 3)],
        # e4: full task in Q1, then a veto clears the year
        *[event("e4", item, quarters[0], points=p) for item, p in full_task.items()],
        event("e4", "serious_violation", "2024-06-01"),
    ]
    r = simulate(doc, subjects, events)
    # e1: basic 37 + 40 × 3 = 157, task 21, reward 5 + 4 = 9: (157 + 21 + 9) / 4 = 46.75 不合格
    assert r["e1"].buckets == {"basic": 157.0, "task": 21.0, "reward": 9.0}
    assert (r["e1"].total, r["e1"].grade) == (46.75, "unqualified")
    # e2: (160 + 4 × 26 + 3) / 4 = 267 / 4 = 66.75 基本合格 -> reminder talk
    assert (r["e2"].total, r["e2"].grade) == (66.75, "basic_qualified")
    assert "reminder_talk" in r["e2"].flags
    # e3: (160 + 200 + 10) / 4 = 92.5 优秀
    assert r["e3"].buckets["reward"] == 10.0
    assert (r["e3"].total, r["e3"].grade) == (92.5, "excellent")
    # e4: veto -> 0
    assert (r["e4"].total, r["e4"].vetoed, r["e4"].grade) == (0.0, True, "unqualified")


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
