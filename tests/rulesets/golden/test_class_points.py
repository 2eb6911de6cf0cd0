"""Golden tests of the class-points template: the expected numbers worked out by hand from seed
004 第二篇 積分管理制度 (l.28–95)."""

from __future__ import annotations

import pytest

from rulesets.simulate import InputError
from tests.rulesets.helpers import event, simulate, subject, template

START = "2024-09-01"


def _pupils(n: int) -> list:
    return [subject(f"p{i}", "pupil") for i in range(1, n + 1)]


def test_officers_lose_double_except_study_and_duty():
    doc = template("class-points")
    subjects = [subject("p1", "pupil"), subject("o1", "officer")]
    events = [
        event("p1", "skipped_exercise", "2024-09-10"),  # conduct −2
        event("p1", "late", "2024-09-11"),  # study −1
        event("o1", "skipped_exercise", "2024-09-10"),  # officer: −2 × 2 = −4
        event("o1", "late", "2024-09-11"),  # 学习减分: same as pupils, −1
        event("o1", "duty_forgotten", "2024-09-12"),  # 值日减分: same, −2
        event("o1", "good_deed", "2024-09-13"),  # bonus not doubled: +1
    ]
    r = simulate(doc, subjects, events, start=START)
    # p1 = 80 − 2 − 1 = 77; o1 = 85 − 4 − 1 − 2 + 1 = 79
    assert r["p1"].total == 77.0 and r["o1"].total == 79.0
    assert r["o1"].rank == 1 and "prize_top15" in r["p1"].flags


def test_officer_roles_in_hygiene_and_study_items():
    doc = template("class-points")
    events = [
        event("o1", "window_fan_left_on", "2024-09-10", role="safety_officer"),  # −1 × 2 = −2
        event("o1", "area_failed", "2024-09-11", role="group_leader"),  # 值日: −3, not doubled
        event("o1", "representative_fraud", "2024-09-12"),  # 学习方面: −5, not doubled
        event("o1", "messy_desk", "2024-09-13"),  # −0.5 × 2 = −1
        event("p1", "area_failed", "2024-09-11", role="duty_pupil"),  # −2
        event("p1", "bin_not_emptied", "2024-09-11"),  # −0.5
        event("p1", "dorm_inspection_failed", "2024-09-12", role="other"),  # −0.5
    ]
    r = simulate(doc, [subject("o1", "officer"), subject("p1", "pupil")], events, start=START)
    # o1 = 85 − 2 − 3 − 5 − 1 = 74; p1 = 80 − 2 − 0.5 − 0.5 = 77
    assert r["o1"].total == 74.0 and r["p1"].total == 77.0
    assert r["o1"].buckets == {"conduct": 82.0, "study": -5.0, "duty": -3.0}


def test_study_values_and_bonuses():
    doc = template("class-points")
    events = [
        event("p1", "monthly_exam_rank", "2024-10-10", band="top5"),  # +3
        event("p1", "monthly_exam_rank", "2024-11-10", band="top15"),  # +1
        event("p1", "subject_first", "2024-10-10"),  # +3
        *[event("p1", "good_homework", f"2024-10-1{d}") for d in range(3)],  # 3 × 0.5 = 1.5
        event("p1", "truancy", "2024-10-20", quantity=2),  # 旷课两节: −10
        event("p1", "lets_copy", "2024-10-21"),  # −3
        event("p1", "regressed", "2024-11-10"),  # −1
        event("p1", "new_year_gala", "2024-12-31", role="singer"),  # +0.5
        event("p1", "collective_activity", "2024-12-20", role="audience"),  # +0.5
        event("p1", "week_duty", "2024-11-01", role="head"),  # 值周长 +3
    ]
    r = simulate(doc, _pupils(1), events, start=START)
    # 80 + 3 + 1 + 3 + 1.5 − 10 − 3 − 1 + 0.5 + 0.5 + 3 = 78.5
    assert r["p1"].total == 78.5


def test_garbled_values_are_entered_within_the_seeds_span():
    doc = template("class-points")
    events = [
        event("p1", "exam_cheating", "2024-10-10", points=-5),
        event("p1", "competition", "2024-10-11"),  # +1
        event("p1", "competition_award", "2024-10-11", points=3),  # +3
    ]
    r = simulate(doc, _pupils(1), events, start=START)
    assert r["p1"].total == 79.0  # 80 − 5 + 1 + 3
    with pytest.raises(InputError, match="points"):
        simulate(
            doc, _pupils(1), [event("p1", "exam_cheating", "2024-10-10", points=-6)], start=START
        )
    with pytest.raises(InputError, match="points"):
        simulate(
            doc, _pupils(1), [event("p1", "competition_award", "2024-10-10", points=4)], start=START
        )


def test_misconduct_notifies_parents():
    doc = template("class-points")
    r = simulate(doc, _pupils(1), [event("p1", "misconduct", "2024-10-10")], start=START)
    assert r["p1"].total == 75.0 and "escalation:notify_parents" in r["p1"].flags


def test_prizes_for_the_top_15_at_term_end_ties_included():
    doc = template("class-points")
    # p1..p14 gain 14..1 points; p15 and p16 both stay at 80 (tied 15th); p17 loses 1
    events = [
        event(f"p{i}", "broadcast_piece", "2024-10-10", quantity=15 - i) for i in range(1, 15)
    ]
    events.append(event("p17", "messy_desk", "2024-10-10", quantity=2))
    r = simulate(doc, _pupils(17), events, start=START)
    assert r["p14"].rank == 14 and r["p15"].rank == 15 and r["p16"].rank == 15
    assert all("prize_top15" in r[f"p{i}"].flags for i in range(1, 17))
    assert r["p17"].rank == 17 and "prize_top15" not in r["p17"].flags


def test_parent_meeting_bottom_three_with_more_than_10_lost_in_the_month():
    doc = template("class-points")
    events = [
        event("p2", "skipped_exercise", "2024-09-10"),  # −2
        event("p3", "truancy", "2024-09-10", quantity=2),  # −10
        event("p3", "late", "2024-09-11"),  # −1: 11 lost in September
        event("p4", "truancy", "2024-09-10", quantity=2),  # −10: not more than 10
        event("p5", "truancy", "2024-09-10", quantity=2),
        event("p5", "skipped_exercise", "2024-09-12"),  # −12
        *[event("p6", "subject_first", f"2024-09-0{d}") for d in range(2, 9)],  # +21
        event("p6", "truancy", "2024-09-20", quantity=2),
        event("p6", "late", "2024-09-21"),  # −11, but 90: not in the bottom three
        event("p5", "good_deed", "2024-10-10"),  # October: nothing lost
    ]
    r = simulate(doc, _pupils(6), events, start=START)
    # end of September: p1 80, p2 78, p3 69, p4 70, p5 68, p6 90
    # from the bottom: p5 1, p3 2, p4 3 — p5 (12 > 10) and p3 (11 > 10) bring a parent
    assert "parent_meeting@2024-09-01" in r["p5"].flags
    assert "parent_meeting@2024-09-01" in r["p3"].flags
    assert "parent_meeting" not in r["p4"].flags  # 10 is not 高于10分
    assert "parent_meeting" not in r["p6"].flags  # lost 11 but ranks 1st
    assert "parent_meeting@2024-10-01" not in r["p5"].flags  # each month on its own


def test_parent_meeting_ties_for_last_place_are_included():
    doc = template("class-points")
    # four pupils tie at the bottom, each losing 11 in November
    events = [
        e
        for i in range(1, 5)
        for e in (
            event(f"p{i}", "truancy", "2024-11-05", quantity=2),
            event(f"p{i}", "late", "2024-11-06"),
        )
    ]
    r = simulate(doc, _pupils(5), events, start=START)
    assert all("parent_meeting@2024-11-01" in r[f"p{i}"].flags for i in range(1, 5))
    assert "parent_meeting" not in r["p5"].flags


def test_officers_doubled_deductions_count_in_the_month():
    doc = template("class-points")
    subjects = [subject("o1", "officer"), subject("p1", "pupil"), *_pupils(4)[1:]]
    events = [event(s, "skipped_exercise", f"2024-09-1{d}") for s in ("o1", "p1") for d in range(3)]
    r = simulate(doc, subjects, events, start=START)
    # o1: 3 × −2 × 2 = −12 > 10 (85 − 12 = 73); p1: 3 × −2 = −6 (74); both in the bottom three
    assert r["o1"].total == 73.0 and "parent_meeting@2024-09-01" in r["o1"].flags
    assert r["p1"].total == 74.0 and "parent_meeting" not in r["p1"].flags


def test_the_term_is_six_months_from_september_with_weekly_summaries():
    doc = template("class-points")
    events = [
        event("p1", "late", "2024-09-02"),  # first week
        event("p1", "good_deed", "2025-02-28"),  # last day of the term
        event("p1", "late", "2025-03-01"),  # next term
    ]
    r = simulate(doc, _pupils(1), events, start=START)
    assert r["p1"].total == 80.0  # 80 − 1 + 1
    weeks = r["p1"].sub_periods
    assert str(weeks[0].start) == "2024-09-01" and dict(weeks[0].buckets) == {"study": -1.0}
    assert str(weeks[-1].end) == "2025-02-28"
