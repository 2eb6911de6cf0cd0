"""Golden tests of the star-party-member template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

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
