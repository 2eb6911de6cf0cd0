"""Golden tests of the class-points template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

from tests.rulesets.helpers import event, simulate, subject, template


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
