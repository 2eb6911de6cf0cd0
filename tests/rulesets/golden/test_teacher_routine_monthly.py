"""Golden tests of the teacher-routine-monthly template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

from tests.rulesets.helpers import event, simulate, subject, template


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
