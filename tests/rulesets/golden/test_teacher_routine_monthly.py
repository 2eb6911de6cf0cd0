"""Golden tests of the teacher-routine-monthly template: the expected numbers worked out by hand
from seed 000 §4 二、教学常规考核细则 (l.305–329)."""

from __future__ import annotations

import pytest

from rulesets.errors import QuotaTieUnresolved
from tests.rulesets.helpers import event, simulate, subject, template

START = "2024-09-01"


def _teachers(n: int) -> list:
    return [subject(f"t{i}", "teacher") for i in range(1, n + 1)]


def test_top_half_excellent_200_rest_150_failed_standard_unqualified():
    doc = template("teacher-routine-monthly")
    events = [
        event("t1", "homework_check", "2024-09-10", rating="excellent"),
        event("t1", "lesson_review", "2024-09-15", rating="excellent"),  # 2 优秀
        event("t2", "homework_check", "2024-09-10", rating="excellent"),
        event("t2", "lesson_plan_check", "2024-09-20", rating="pass"),  # 1 优秀
        event("t3", "homework_check", "2024-09-10", rating="excellent"),  # 1 优秀, but late once
        event("t3", "late_to_class", "2024-09-11"),
        event("t4", "homework_check", "2024-09-10", rating="pass"),  # 0 优秀
    ]
    r = simulate(doc, _teachers(4), events, start=START)
    # development = number of 优秀 ratings: t1 2, t2 1, t3 1, t4 0 (ranks 1, 2, 2, 4)
    assert [r[f"t{i}"].total for i in range(1, 5)] == [2.0, 1.0, 1.0, 0.0]
    assert [r[f"t{i}"].rank for i in range(1, 5)] == [1, 2, 2, 4]
    # 50% of 4 = 2 places; t3 failed a standard item (课前常规) -> 不合格, takes no place:
    # the holders t1, t2 fit; t4 passes the standards with no 优秀 -> 合格
    assert [r[f"t{i}"].grade for i in range(1, 5)] == [
        "excellent",
        "excellent",
        "unqualified",
        "qualified",
    ]
    assert "award_200" in r["t1"].flags and "award_200" in r["t2"].flags
    assert "award_150" in r["t4"].flags
    assert not {"award_200", "award_150"} & set(r["t3"].flags)


@pytest.mark.parametrize(
    "item",
    ["late_to_class", "unprepared", "left_post", "corporal_punishment", "overran_or_left"],
)
def test_every_standard_item_failed_makes_the_month_unqualified(item):
    # 课前 / 课中 / 课后常规 (l.311–315): 达标为合格, so one failure is 不合格
    doc = template("teacher-routine-monthly")
    events = [
        event("t1", "homework_check", "2024-09-10", rating="excellent"),
        event("t1", item, "2024-09-12"),
    ]
    r = simulate(doc, _teachers(2), events, start=START)
    assert r["t1"].grade == "unqualified" and "adjusted:standard_failed" in r["t1"].flags
    assert r["t2"].grade == "qualified"  # nothing checked: passes, 0 优秀


def test_excellent_needs_one_excellent_rating_band_edge():
    # 2 teachers, 50% = 1 place; t1 has only 合格 ratings (0 < 1): 合格 although ranked
    doc = template("teacher-routine-monthly")
    events = [
        event("t1", "homework_check", "2024-09-10", rating="pass"),
        event("t1", "reflection_check", "2024-09-10", rating="pass"),
        event("t2", "research_excellent", "2024-09-20"),  # 优秀教研个人 counts as one 优秀
    ]
    r = simulate(doc, _teachers(2), events, start=START)
    assert r["t1"].total == 0.0 and r["t1"].grade == "qualified"
    assert r["t2"].total == 1.0 and r["t2"].grade == "excellent"


def test_quota_is_half_rounded_down():
    # 3 teachers with 3, 2, 1 优秀: ⌊½ × 3⌋ = 1 place; the other two are 合格 by the quota
    doc = template("teacher-routine-monthly")
    events = [
        *[event("t1", "homework_check", f"2024-09-1{d}", rating="excellent") for d in range(3)],
        *[event("t2", "homework_check", f"2024-09-1{d}", rating="excellent") for d in range(2)],
        event("t3", "homework_check", "2024-09-10", rating="excellent"),
    ]
    r = simulate(doc, _teachers(3), events, start=START)
    assert [r[f"t{i}"].grade for i in range(1, 4)] == ["excellent", "qualified", "qualified"]
    assert "quota:excellent" in r["t2"].flags and "award_150" in r["t2"].flags


def test_tie_across_the_boundary_goes_to_the_checkers():
    doc = template("teacher-routine-monthly")
    events = [
        event("t1", "homework_check", "2024-09-10", rating="excellent"),
        event("t1", "lesson_review", "2024-09-12", rating="excellent"),
        event("t1", "unprepared", "2024-09-13"),  # 2 优秀 but failed: 不合格
        event("t2", "homework_check", "2024-09-10", rating="excellent"),
        event("t2", "lesson_review", "2024-09-12", rating="excellent"),  # 2
        event("t3", "homework_check", "2024-09-10", rating="excellent"),  # 1
        event("t4", "lesson_review", "2024-09-12", rating="excellent"),  # 1
    ]
    # 50% of 4 = 2 places: t2 takes one; t3 and t4 tie (1 each) for the last one
    with pytest.raises(QuotaTieUnresolved) as caught:
        simulate(doc, _teachers(4), events, start=START)
    (tie,) = caught.value.ties
    assert (tie.key, tie.places, tie.tied) == ("excellent:all", 1, ("t3", "t4"))
    # the checkers admit t3
    r = simulate(doc, _teachers(4), events, start=START, decisions={"excellent:all": ["t3"]})
    assert [r[f"t{i}"].grade for i in range(1, 5)] == [
        "unqualified",
        "excellent",
        "excellent",
        "qualified",
    ]
    assert "quota_committee:excellent" in r["t3"].flags and "award_150" in r["t4"].flags
