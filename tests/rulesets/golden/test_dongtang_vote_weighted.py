"""Golden tests of the dongtang-vote-weighted template: the expected numbers worked out by hand
from seed 000 §17 (f) 东塘街道 (l.1385–1457), with the defaults of §17 (b) 度假区 (l.917–979)."""

from __future__ import annotations

import pytest

from tests.rulesets.helpers import event, simulate, subject, template


def _many(sid: str, item: str, n: int, month: int = 3) -> list:
    return [event(sid, item, f"2024-{month:02d}-{1 + k % 28:02d}") for k in range(n)]


def _in_service_met(sid: str) -> list:
    # 在职党员 (l.1437): 认领岗位 ≥ 1, 社区志愿服务 ≥ 2, 结对帮扶 ≥ 1, 共同过组织生活 ≥ 1
    return [
        event(sid, "volunteer_post", "2024-02-01"),
        *_many(sid, "volunteer", 2),
        event(sid, "pair_hardship", "2024-02-02"),
        event(sid, "joint_org_life", "2024-02-03"),
    ]


def test_review_is_vote_weighted_and_org_life_shortfall_costs_two_each():
    doc = template("dongtang-vote-weighted")
    subjects = [subject("s1", "student"), subject("s2", "student")]
    events = [
        *_many("s1", "org_life", 5),  # 5 ≥ 5
        *_many("s1", "volunteer", 2),  # 2 ≥ 2
        event("s1", "essay", "2024-04-01"),  # 1 ≥ 1
        event("s1", "outstanding", "2024-06-01", points=10),
        event("s1", "review_votes", "2024-12-20", votes={"excellent": 6, "good": 3, "pass": 1}),
        *_many("s2", "org_life", 3),  # 3 < 5: two short
        event("s2", "review_votes", "2024-12-20", votes={"good": 2, "poor": 2}),
    ]
    r = simulate(doc, subjects, events)
    # s1 review = (6×100 + 3×80 + 1×60) / 10 = 90; total = (100 + 10)×0.8 + 90×0.2 = 88 + 18 = 106
    assert r["s1"].buckets["review"] == 90.0 and r["s1"].total == 106.0
    assert r["s1"].grade == "excellent" and "may_be_commended" in r["s1"].flags
    assert not [f for f in r["s1"].flags if f.startswith("requirement_unmet")]
    # s2 daily = 100 − 2×2 = 96; review = (2×80 + 2×40) / 4 = 60; 96×0.8 + 60×0.2 = 76.8 + 12 = 88.8
    assert r["s2"].buckets["daily"] == 96.0 and r["s2"].total == 88.8
    assert r["s2"].grade == "good"  # 80–89 is assigned to 良好 (the seed leaves it open)
    assert {
        "requirement_unmet:org_life_5",
        "requirement_unmet:volunteer_2",
        "requirement_unmet:essays_1",
    } <= set(r["s2"].flags)


def test_bonus_is_capped_at_20_and_counted_at_80_percent():
    doc = template("dongtang-vote-weighted")
    events = [
        *_in_service_met("m"),
        event("m", "outstanding", "2024-05-01", points=15),
        event("m", "outstanding", "2024-06-01", points=10),  # 15 + 10 > 20: 20
    ]
    events += [
        *_many("c", "org_life", 8),
        *_many("c", "volunteer", 3),
        event("c", "essay", "2024-04-01"),
        event("c", "outstanding", "2024-05-01", points=20),
        event("c", "review_votes", "2024-12-20", votes={"excellent": 1}),
    ]
    subjects = [subject("m", "in_service"), subject("c", "enterprise_manager")]
    r = simulate(doc, subjects, events)
    # 在职党员: daily score is the year score (l.1403): 100 + 20 = 120, no review
    assert r["m"].buckets["bonus"] == 20.0 and r["m"].total == 120.0
    # (100 + 20)×0.8 + 100×0.2 = 96 + 20 = 116 (no clamp: 百分制 is the scale of each part)
    assert r["c"].total == 116.0


def test_in_service_members_have_no_review_part():
    doc = template("dongtang-vote-weighted")
    events = [*_in_service_met("m"), event("m", "review_votes", "2024-12-20", votes={"poor": 3})]
    r = simulate(doc, [subject("m", "in_service")], events)
    assert r["m"].total == 100.0 and r["m"].grade == "excellent"


@pytest.mark.parametrize(
    ("shortfall", "total", "grade"),
    [
        (0, 100.0, "excellent"),
        (-10, 90.0, "excellent"),  # 90分以上: 90 itself is 优秀
        (-10.5, 89.5, "good"),  # the open 80–89 goes to 良好
        (-20, 80.0, "good"),
        (-30, 70.0, "good"),  # 70-80 良好 / 60-70 合格: 70 starts 良好
        (-30.5, 69.5, "qualified"),
        (-40, 60.0, "qualified"),
        (-40.5, 59.5, "unqualified"),  # 60分以下
    ],
)
def test_grade_band_edges(shortfall, total, grade):
    # an 在职党员's total is his daily score: 100 + the branch's case-by-case deduction
    doc = template("dongtang-vote-weighted")
    events = [
        *_in_service_met("m"),
        event("m", "indicator_shortfall", "2024-11-01", points=shortfall),
    ]
    r = simulate(doc, [subject("m", "in_service")], events)
    assert (r["m"].total, r["m"].grade) == (total, grade)


def test_unqualified_goes_to_the_procedure():
    doc = template("dongtang-vote-weighted")
    events = [*_in_service_met("m"), event("m", "indicator_shortfall", "2024-11-01", points=-50)]
    r = simulate(doc, [subject("m", "in_service")], events)
    assert r["m"].grade == "unqualified" and "unqualified_member_procedure" in r["m"].flags
    assert "may_be_commended" not in r["m"].flags


def test_community_secretary_visits_150_households_others_100():
    doc = template("dongtang-vote-weighted")
    subjects = [
        subject("sec", "community_committee", attributes={"role": "secretary"}),
        subject("mem", "community_committee"),
    ]
    events = [e for sid in ("sec", "mem") for e in _many(sid, "visit", 120, month=5)]
    r = simulate(doc, subjects, events)
    assert "requirement_unmet:visits_150" in r["sec"].flags  # 120 < 150
    assert "requirement_unmet:visits_100_households" not in r["mem"].flags  # 120 ≥ 100
    # both: 0 of 8 organisational-life sessions: 100 − 8×2 = 84
    assert r["sec"].buckets["daily"] == 84.0 and r["mem"].buckets["daily"] == 84.0


def test_organ_leader_requirements():
    doc = template("dongtang-vote-weighted")
    events = [
        *_many("l", "org_life", 12),
        *_many("l", "training", 2),  # 2 < 3
        event("l", "pair_hardship", "2024-03-01"),  # no 群众骨干家庭
        *_many("l", "visit", 100),
        *_many("l", "community_service", 2),
        *_many("l", "essay", 2),
    ]
    r = simulate(doc, [subject("l", "organ_leader")], events)
    unmet = {f for f in r["l"].flags if f.startswith("requirement_unmet")}
    assert unmet == {"requirement_unmet:training_3", "requirement_unmet:pair_backbone_1"}
    assert r["l"].buckets["daily"] == 100.0  # only organisational life has a default rate


def test_elderly_members_have_no_requirements():
    doc = template("dongtang-vote-weighted")
    events = [event("e", "review_votes", "2024-12-20", votes={"good": 1})]
    r = simulate(doc, [subject("e", "elderly")], events)
    # 100×0.8 + 80×0.2 = 80 + 16 = 96
    assert r["e"].total == 96.0 and not [f for f in r["e"].flags if "requirement" in f]


def test_dues_late_costs_two_each_time():
    doc = template("dongtang-vote-weighted")
    events = [
        event("e", "dues_late", "2024-02-10"),
        event("e", "dues_unpaid", "2024-03-10"),
        event("e", "review_votes", "2024-12-20", votes={"excellent": 1}),
    ]
    r = simulate(doc, [subject("e", "elderly")], events)
    # daily 100 − 2 − 2 = 96; 96×0.8 + 100×0.2 = 76.8 + 20 = 96.8
    assert r["e"].buckets["daily"] == 96.0 and r["e"].total == 96.8


@pytest.mark.parametrize("item", ["org_life_missed", "dues_unpaid", "assigned_work_missed"])
def test_six_months_without_org_life_dues_or_work_force_lowest_grade(item):
    doc = template("dongtang-vote-weighted")
    events = [event("e", item, f"2024-0{m}-05") for m in range(1, 7)]
    events.append(event("e", "review_votes", "2024-12-20", votes={"excellent": 1}))
    r = simulate(doc, [subject("e", "elderly")], events)
    assert r["e"].grade == "unqualified" and r["e"].vetoed
    assert "veto:lowest_grade" in r["e"].flags


def test_five_months_are_not_enough_for_the_veto():
    doc = template("dongtang-vote-weighted")
    events = [event("s", "org_life_missed", f"2024-0{m}-05") for m in (1, 2, 3, 4, 5, 7)]
    events += [*_many("s", "org_life", 5, month=9), *_many("s", "volunteer", 2, month=9)]
    events += [event("s", "essay", "2024-09-20")]
    events.append(event("s", "review_votes", "2024-12-20", votes={"excellent": 1}))
    r = simulate(doc, [subject("s", "student")], events)
    # a gap in June: no six consecutive months; 100×0.8 + 100×0.2 = 100
    assert not r["s"].vetoed and r["s"].total == 100.0 and r["s"].grade == "excellent"
