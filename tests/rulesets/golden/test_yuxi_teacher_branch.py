"""Golden tests of the yuxi-teacher-branch template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

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
