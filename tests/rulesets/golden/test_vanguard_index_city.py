"""Golden tests of the vanguard-index-city template: the expected numbers worked out by hand from its seed
article (seed 000 §8, l.435–473; the defaults are named in the template's header)."""

from __future__ import annotations

from datetime import date

import pytest

from rulesets.contracts import PreviousResult
from tests.rulesets.helpers import event, simulate, subject, template


@pytest.fixture(scope="module")
def doc():
    return template("vanguard-index-city")


def test_vanguard_index_weighting_bonus_limit_and_two_years_basic(doc):
    prev = (PreviousResult(date(2023, 1, 1), 65.0, "basic_qualified"),)
    subjects = [
        subject("a"),
        subject("b", previous=prev, attributes={"status": "full"}),
        subject("p", attributes={"status": "probationary"}),
    ]
    events = [
        event("a", "review_score", "2024-12-01", points=90),
        event("a", "commendation", "2024-05-01", level="province", category="award"),  # 4
        event("a", "commendation", "2024-06-01", level="city", category="award"),  # not again
        event("a", "media_report", "2024-07-01", points=5, category="media"),  # +5
        *[event("b", "org_life_absent", f"2024-0{m}-02") for m in range(1, 10)],  # -18
        event("b", "review_score", "2024-12-01", points=60),
        *[event("p", "dues_late", f"2024-0{m}-02") for m in range(1, 9)],  # -16
        event("p", "review_score", "2024-12-01", points=50),
    ]
    r = simulate(doc, subjects, events)
    # a: weighted = 100×0.8 + 90×0.2 = 98; reward 4 + 5 = 9 (under the cap of 10) -> 107:
    # the total is not clamped at 100 (l.447: the reward comes on top of the 100 points)
    assert r["a"].buckets["reward"] == 9.0 and r["a"].total == 107.0
    assert r["a"].grade == "excellent" and "spiritual_and_material_reward" in r["a"].flags
    # b: 82×0.8 + 60×0.2 = 65.6 + 12 = 77.6 合格 — not basic, so no two-year rule
    assert (r["b"].total, r["b"].grade) == (77.6, "qualified")
    # p: 84×0.8 + 50×0.2 = 67.2 + 10 = 77.2 合格, probationary: no consequence flag
    assert r["p"].total == 77.2 and "probation_extended" not in r["p"].flags


def test_vanguard_index_second_year_basic_becomes_unqualified_and_probation_extends(doc):
    prev = (PreviousResult(date(2023, 1, 1), 65.0, "basic_qualified"),)
    subjects = [subject("b", previous=prev), subject("p", attributes={"status": "probationary"})]
    events = [
        *[
            event(s, "org_life_absent", f"2024-{m:02d}-02")
            for m in range(1, 12)
            for s in ("b", "p")
        ],  # -22 -> daily 78
        event("b", "review_score", "2024-12-01", points=0),
        event("p", "review_score", "2024-12-01", points=0),
    ]
    r = simulate(doc, subjects, events)
    # 78×0.8 + 0 = 62.4 基本合格; b was 基本合格 last year -> 不合格 -> 不合格党员处置 (l.465)
    assert (r["b"].total, r["b"].grade) == (62.4, "unqualified")
    assert "unqualified_member_handling" in r["b"].flags
    # p (probationary, first year 基本合格) -> 谈心谈话 and 延长预备期
    assert r["p"].grade == "basic_qualified"
    assert {"probation_extended", "talk_by_secretary"} <= set(r["p"].flags)


def test_vanguard_index_probationary_member_basic_twice_or_unqualified_is_cancelled(doc):
    prev = (PreviousResult(date(2023, 1, 1), 64.0, "basic_qualified"),)
    subjects = [
        subject("p1", attributes={"status": "probationary"}, previous=prev),
        subject("p2", attributes={"status": "probationary"}),
    ]
    events = [
        # p1: daily 100 − 25×1 = 75 -> 60, review 20 -> +4: 64 基本合格 again -> 不合格
        event("p1", "task_not_done", "2024-03-01", quantity=25),
        event("p1", "review_score", "2024-12-01", points=20),
        # p2: daily 100 − 2×30 = 40 -> 32, review 50 -> +10: 42 不合格
        event("p2", "study_absent", "2024-03-01", quantity=30),
        event("p2", "review_score", "2024-12-01", points=50),
    ]
    r = simulate(doc, subjects, events)
    # "期满仍达不到标准的,取消预备党员资格" / "对不合格等次的预备党员,取消预备党员资格"
    assert (r["p1"].total, r["p1"].grade) == (64.0, "unqualified")
    assert "probation_cancelled" in r["p1"].flags
    assert (r["p2"].total, r["p2"].grade) == (42.0, "unqualified")
    assert "probation_cancelled" in r["p2"].flags
    assert "unqualified_member_handling" not in r["p2"].flags


def test_vanguard_index_daily_is_counted_down_to_zero_and_no_further(doc):
    events = [
        # 60 absences × −2 = −120, but 扣完为止: the daily part stops at 0
        event("m", "org_life_absent", "2024-02-01", quantity=60),
        event("m", "review_score", "2024-12-01", points=100),
    ]
    r = simulate(doc, [subject("m")], events)["m"]
    # 0×0.8 + 100×0.2 = 20 不合格; a member without status is handled as a full member
    assert r.buckets["daily"] == 0.0
    assert (r.total, r.grade) == (20.0, "unqualified")
    assert "unqualified_member_handling" in r.flags


def test_vanguard_index_each_daily_item_counts_down_its_default(doc):
    events = [
        event("m", "org_life_absent", "2024-01-05"),  # −2 (seed 002 质检 l.282)
        event("m", "study_absent", "2024-02-05"),  # −2 (seed 002 质检 l.213)
        event("m", "dues_late", "2024-03-05"),  # −2 (seed 000 §16 l.827)
        event("m", "duty_not_fulfilled", "2024-04-05"),  # −3 (seed 000 §16 l.817)
        event("m", "task_not_done", "2024-05-05"),  # −1 (seed 002 质检 l.215)
        event("m", "task_refused", "2024-06-05"),  # −2 (seed 002 质检 l.215)
        event("m", "review_score", "2024-12-01", points=80),
    ]
    r = simulate(doc, [subject("m")], events)["m"]
    # daily 100 − 2 − 2 − 2 − 3 − 1 − 2 = 88; 88×0.8 + 80×0.2 = 70.4 + 16 = 86.4 合格
    assert r.buckets["daily"] == 88.0
    assert (r.total, r.grade) == (86.4, "qualified")


def test_vanguard_index_reward_is_capped_at_ten_and_one_per_category(doc):
    subjects = [subject("cap"), subject("same"), subject("plain")]
    events = [
        # cap: 5 (central) + 5 (批示) + 4 (媒体) + 3 (决议) = 17 in four categories -> 10
        event("cap", "commendation", "2024-03-01", level="central", category="performance"),
        event("cap", "leader_instruction", "2024-04-01", points=5, category="central_work"),
        event("cap", "media_report", "2024-05-01", points=4, category="volunteer"),
        event("cap", "branch_resolution", "2024-06-01", points=3, category="other"),
        event("cap", "review_score", "2024-12-01", points=100),
        # same: commendation county 2, then media 4 for the same category: only the 4 counts
        event("same", "commendation", "2024-03-01", level="county", category="volunteer"),
        event("same", "media_report", "2024-04-01", points=4, category="volunteer"),
        event("same", "review_score", "2024-12-01", points=100),
        event("plain", "review_score", "2024-12-01", points=100),
    ]
    r = simulate(doc, subjects, events)
    # cap: 100×0.8 + 100×0.2 = 100, + 10 = 110 (the cap of 10% of the 100-point 总积分)
    assert r["cap"].buckets["reward"] == 10.0 and r["cap"].total == 110.0
    # same: 100 + 4 = 104 (同类别不重复加分: the largest of the category)
    assert r["same"].buckets["reward"] == 4.0 and r["same"].total == 104.0
    # the reward separates members who all have 100: ranks 1, 2, 3
    assert [r[k].rank for k in ("cap", "same", "plain")] == [1, 2, 3]


def test_vanguard_index_repeated_misconduct_adds_up(doc):
    events = [
        # 屡次犯同一问题的累计扣分: −3 three times = −9
        *[
            event("m", "misconduct", f"2024-0{n}-01", points=-3, kind="discipline")
            for n in (2, 5, 8)
        ],
        event("m", "review_score", "2024-12-01", points=100),
    ]
    r = simulate(doc, [subject("m")], events)["m"]
    # 100 − 9 = 91 优秀
    assert r.buckets["penalty"] == -9.0
    assert (r.total, r.grade) == (91.0, "excellent")


@pytest.mark.parametrize(
    ("not_done", "review", "total", "grade"),
    [
        (0, 50, 90.0, "excellent"),  # 100×0.8 + 50×0.2 = 90: "90分以上" includes 90
        (0, 49, 89.8, "qualified"),  # 80 + 9.8
        (25, 50, 70.0, "qualified"),  # 75×0.8 + 50×0.2 = 60 + 10: "70-89分"
        (25, 49, 69.8, "basic_qualified"),  # 60 + 9.8
        (25, 0, 60.0, "basic_qualified"),  # 60 + 0: "60-69分"
        (50, 99, 59.8, "unqualified"),  # 50×0.8 + 99×0.2 = 40 + 19.8: "60分以下"
    ],
)
def test_vanguard_index_band_edges(doc, not_done, review, total, grade):
    events = [event("m", "review_score", "2024-12-01", points=review)]
    if not_done:
        events.append(event("m", "task_not_done", "2024-04-01", quantity=not_done))  # −1 each
    r = simulate(doc, [subject("m")], events)["m"]
    assert (r.total, r.grade) == (total, grade)


def test_vanguard_index_exempt_member_is_not_assessed(doc):
    # l.441: 70周岁以上 … 经支部大会讨论决定,报上级党委批准后,可不纳入此范围
    r = simulate(doc, [subject("old", exempt=True)], [])["old"]
    assert r.total is None and r.grade is None and "exempt" in r.flags
