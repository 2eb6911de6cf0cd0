"""Golden tests of the enterprise-employee-points template: the expected numbers worked out by
hand from its seed articles (seed 000 §3 l.81–204 and seed 002 公司党员量化积分管理制度 l.2–22,
named in the template's header).

The year is 基础 + 任务 + 奖励 = Σ of the four quarterly scores / 4 (§3 l.187); a quarter's 基础积分
is the mean of its three monthly 基础积分 (l.91), so the year's basic part is Σ of the 12 months / 12.
"""

from __future__ import annotations

import pytest

from rulesets.errors import RulesetError
from tests.rulesets.helpers import event, simulate, subject, template

QUARTERS = ["2024-02-01", "2024-05-01", "2024-08-01", "2024-11-01"]
FULL_TASK = {  # §3 l.131–157: 15 + 6 + 4 + 4 + 3 + 3 + 2 + 2 + 11 = 50 a quarter
    "duties": 15,
    "pairing": 6,
    "activities": 4,
    "research": 4,
    "pledge": 3,
    "role": 3,
    "volunteer": 2,
    "good_deeds": 2,
    "task_other": 11,
}


@pytest.fixture(scope="module")
def doc():
    return template("enterprise-employee-points")


def _task(who: str, on: str, **points: float) -> list:
    return [event(who, item, on, points=p) for item, p in points.items()]


def _full_year_task(who: str) -> list:
    return [e for q in QUARTERS for e in _task(who, q, **FULL_TASK)]


def test_seed_values_add_up_to_40_50_10(doc):
    buckets = {b["code"]: b for b in doc["buckets"]}
    basic = [b for c, b in buckets.items() if c.startswith("basic_")]
    task = [b for c, b in buckets.items() if c.startswith("task_")]
    # 基础 9 + 9 + 3 + 3 + 6 + 3 + 7 = 40 in 12 matters, each its own floor 0 (l.91–129)
    assert sum(b["initial"] for b in basic) == 40 and len(basic) == 12
    assert all(b["floor"] == 0 and b["cap"] == b["initial"] and b["per"] == "month" for b in basic)
    # 任务 15 + 6 + 4 + 4 + 3 + 3 + 2 + 2 + 11 = 50 (l.131–157), each capped per quarter
    assert sum(b["cap"] for b in task) == 50 and {b["per"] for b in task} == {"quarter"}
    # 奖励 突出贡献 5 + 表彰 5 (l.159–167)
    assert buckets["reward_contribution"]["cap"] == buckets["reward_commendation"]["cap"] == 5


def test_basic_matter_loses_at_most_its_value_in_a_month(doc):
    # given: e1 twice misses dues in January (−3 −3 on a 3-point matter), once in April (−2),
    # and misses 三会一课 once in April (−1); full tasks all year
    events = [
        event("e1", "dues", "2024-01-10", points=-3),
        event("e1", "dues", "2024-01-25", points=-3),
        event("e1", "dues", "2024-04-10", points=-2),
        event("e1", "org_life", "2024-04-12", points=-1),
        *_full_year_task("e1"),
    ]
    # when
    r = simulate(doc, [subject("e1", "employee")], events)["e1"]
    # then: January dues 3 − 6 → 0 (floor), February resets to 3; April dues 3 − 2 = 1
    # dues over the year: 0 + 3 + 3 + 1 + 8 × 3 = 31; 三会一课: 11 × 3 + 2 = 35
    assert r.buckets["basic_dues"] == 31.0 and r.buckets["basic_org_life"] == 35.0
    # basic = (12 × 40 − 3 − 2 − 1) / 12 = 474 / 12 = 39.5; task 4 × 50 / 4 = 50
    assert r.variables["basic"] == 39.5 and r.variables["task"] == 50.0
    assert (r.total, r.grade) == (89.5, "qualified")  # 89.5 is not 90分以上


def test_year_is_sum_of_quarters_over_four(doc):
    # given: e2 has 岗位职责 15 + 其他 11 = 26 in Q1 and Q2 only, a provincial commendation (4)
    events = [
        *_task("e2", QUARTERS[0], duties=15, task_other=11),
        *_task("e2", QUARTERS[1], duties=15, task_other=11),
        event("e2", "commendation", "2024-05-20", level="province"),
    ]
    r = simulate(doc, [subject("e2", "employee")], events)["e2"]
    # quarters: Q1 40 + 26 = 66, Q2 40 + 26 + 4 = 70, Q3 40, Q4 40:
    # (66 + 70 + 40 + 40) / 4 = 216 / 4 = 54 不合格
    assert (r.total, r.grade) == (54.0, "unqualified")
    assert "organisational_handling" in r.flags


def test_task_matter_capped_per_quarter(doc):
    # 岗位职责 15 twice in Q1 still 15 (l.135: 15分); 办实事 2 + 2 in Q2 → 2
    events = [
        *_task("e3", QUARTERS[0], duties=15),
        *_task("e3", "2024-03-15", duties=15),
        *_task("e3", QUARTERS[1], good_deeds=2),
        *_task("e3", "2024-06-15", good_deeds=2),
    ]
    r = simulate(doc, [subject("e3", "employee")], events)["e3"]
    assert r.buckets["task_duties"] == 15.0 and r.buckets["task_good_deeds"] == 2.0
    # task (15 + 2) / 4 = 4.25; total 40 + 4.25 = 44.25
    assert r.total == 44.25


def test_reward_areas_capped_at_five_a_quarter(doc):
    # given: three 突出贡献 in Q1 (each +5, the area is 5分), city 3 + county 2 + city 3 表彰 in Q2
    events = [
        *_full_year_task("e4"),
        *[event("e4", "outstanding", f"2024-03-0{d}") for d in (1, 2, 3)],
        event("e4", "commendation", "2024-04-10", level="city"),
        event("e4", "commendation", "2024-05-10", level="county"),
        event("e4", "commendation", "2024-06-10", level="city"),
        event("e4", "outstanding", "2024-07-10"),  # Q3: +5
        event("e4", "commendation", "2024-10-10", level="central"),  # Q4: +5
    ]
    r = simulate(doc, [subject("e4", "employee")], events)["e4"]
    # Q1 min(15, 5) = 5, Q3 5 → contribution 10; Q2 min(3 + 2 + 3, 5) = 5, Q4 5 → commendation 10
    assert r.buckets["reward_contribution"] == 10.0 and r.buckets["reward_commendation"] == 10.0
    # reward (10 + 10) / 4 = 5; total 40 + 50 + 5 = 95 优秀, recommended first
    assert (r.total, r.grade) == (95.0, "excellent")
    assert "priority_recommendation" in r.flags


def test_reward_part_at_most_ten_a_quarter_over_the_year(doc):
    # 5 + 5 + 其他 10 in every quarter: (4 × 20) capped at 4 × 10 = 40, / 4 = 10
    events = [
        *_full_year_task("e5"),
        *[event("e5", "outstanding", q) for q in QUARTERS],
        *[event("e5", "commendation", q, level="central") for q in QUARTERS],
        *[event("e5", "reward_other", q, points=10) for q in QUARTERS],
    ]
    r = simulate(doc, [subject("e5", "employee")], events)["e5"]
    assert r.variables["reward"] == 10.0 and r.total == 100.0


THIRTY = {"duties": 15, "task_other": 11, "research": 4}  # 15 + 11 + 4 = 30
TWENTY = {"duties": 15, "pairing": 5}  # 15 + 5 = 20


@pytest.mark.parametrize(
    ("q1", "others", "total", "grade"),
    [
        # total = basic 40 + (Q1 task + 3 × the other quarters' task) / 4
        (FULL_TASK, FULL_TASK, 90.0, "excellent"),  # 40 + 200 / 4 = 90: 90分以上
        ({**FULL_TASK, "duties": 14}, FULL_TASK, 89.75, "qualified"),  # 40 + 199 / 4
        (THIRTY, THIRTY, 70.0, "qualified"),  # 40 + 120 / 4 = 70: 70–89
        ({**THIRTY, "research": 3}, THIRTY, 69.75, "basic_qualified"),  # 40 + 119 / 4
        (TWENTY, TWENTY, 60.0, "basic_qualified"),  # 40 + 80 / 4 = 60: 60–69
        ({**TWENTY, "pairing": 4}, TWENTY, 59.75, "unqualified"),  # 40 + 79 / 4: 60分以下
    ],
)
def test_band_edges(doc, q1, others, total, grade):
    events = _task("e6", QUARTERS[0], **q1)
    for q in QUARTERS[1:]:
        events += _task("e6", q, **others)
    r = simulate(doc, [subject("e6", "employee")], events)["e6"]
    assert (r.total, r.grade) == (total, grade)
    if grade == "basic_qualified":
        assert "reminder_talk" in r.flags


def test_one_month_deduction_keeps_a_full_task_year_below_90(doc):
    # 40 − 1/12 + 50 = 89.9166… → 89.92, not 90分以上
    events = [*_full_year_task("e7"), event("e7", "integrity", "2024-09-01", points=-1)]
    r = simulate(doc, [subject("e7", "employee")], events)["e7"]
    assert (r.total, r.grade) == (89.92, "qualified")


def test_veto_clears_the_year(doc):
    events = [*_full_year_task("e8"), event("e8", "serious_violation", "2024-06-01")]
    r = simulate(doc, [subject("e8", "employee")], events)["e8"]
    assert (r.total, r.vetoed, r.grade) == (0.0, True, "unqualified")


def test_reference_members_scored_not_rated_and_ranked_apart(doc):
    # seed 002 l.5: 预备党员、发展对象、入党积极分子 不参与年度考核评定
    subjects = [subject("e9", "employee"), subject("p1", "reference")]
    events = [*_full_year_task("p1"), *_task("e9", QUARTERS[0], duties=15)]
    r = simulate(doc, subjects, events)
    assert (r["p1"].total, r["p1"].grade, r["p1"].rank) == (90.0, "not_rated", 1)
    # e9: 40 + 15 / 4 = 43.75; ranked first among the 正式党员 only
    assert (r["e9"].total, r["e9"].rank) == (43.75, 1)


def test_exempted_member_gets_the_branch_year_score_without_commendation(doc):
    # §3 l.189: 给予适当的年度积分, 但原则上不参加评先评优
    events = [event("x1", "appropriate_year_score", "2024-12-20", points=80)]
    r = simulate(doc, [subject("x1", "exempted")], events)["x1"]
    assert r.variables["basic"] == 0.0  # no monthly basic for them
    assert (r.total, r.grade) == (80.0, "qualified")
    assert "no_commendation" in r.flags
    with pytest.raises(RulesetError):
        simulate(
            doc,
            [subject("e1", "employee")],
            [event("e1", "appropriate_year_score", "2024-12-20", points=80)],
        )
