"""Golden tests of the changqing-gas-plant-2 template: the expected numbers worked out by hand
from its seed article (seed 002 长庆油田第二采气厂, l.23–35, named in the template's header):
党员积分 = 基础分 60 + 履职分 40 + 加分项 - 扣分项 (l.28–30); bands from seed 002 l.111."""

from __future__ import annotations

import pytest

from tests.rulesets.helpers import event, simulate, subject, template


@pytest.fixture(scope="module")
def doc():
    return template("changqing-gas-plant-2")


def test_changqing_gas_plant_basic_60_duty_40_plus_bonus_minus_deduction(doc):
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


def test_basic_and_duty_stop_at_zero_but_deductions_go_on(doc):
    # basic 60 − 40 − 40 → 0 (总分60, never below 0); duty 40 − 40 = 0;
    # then 扣分项 −10 −10 is outside both: 0 + 0 + 0 − 20 = −20 不合格
    events = [
        event("m1", "rules_and_discipline", "2024-02-01", points=-40),
        event("m1", "comprehensive", "2024-03-01", points=-40),
        event("m1", "duty_assessment", "2024-04-01", points=-40),
        event("m1", "deduction", "2024-05-01", points=-10),
        event("m1", "deduction", "2024-06-01", points=-10),
    ]
    r = simulate(doc, [subject("m1")], events)["m1"]
    assert r.buckets == {"basic": 0.0, "duty": 0.0, "bonus": 0.0, "deduction": -20.0}
    assert (r.total, r.grade) == (-20.0, "unqualified")


@pytest.mark.parametrize(
    ("duty", "deduction", "total", "grade"),
    [
        (-10, None, 90.0, "excellent"),  # 60 + 30 = 90: 90分以上
        (-10.5, None, 89.5, "qualified"),  # 60 + 29.5: not 90分以上, so 70–89
        (-30, None, 70.0, "qualified"),  # 60 + 10 = 70
        (-30.5, None, 69.5, "basic_qualified"),  # 60 + 9.5: 60–69
        (-40, None, 60.0, "basic_qualified"),  # 60 + 0 = 60
        (-40, -0.5, 59.5, "unqualified"),  # 60 + 0 − 0.5: 60分以下
    ],
)
def test_band_edges(doc, duty, deduction, total, grade):
    events = [event("m1", "duty_assessment", "2024-03-01", points=duty)]
    if deduction is not None:
        events.append(event("m1", "deduction", "2024-04-01", points=deduction))
    r = simulate(doc, [subject("m1")], events)["m1"]
    assert (r.total, r.grade) == (total, grade)


def test_bonus_lifts_a_reduced_score(doc):
    # 60 − 12 + 40 − 8 = 80 合格; + 加分项 6 + 4.5 = 90.5 优秀
    events = [
        event("m1", "duties", "2024-01-15", points=-12),
        event("m1", "duty_assessment", "2024-02-15", points=-8),
        event("m1", "bonus", "2024-07-01", points=6),
        event("m1", "bonus", "2024-10-01", points=4.5),
    ]
    r = simulate(doc, [subject("m1")], events)["m1"]
    assert (r.total, r.grade) == (90.5, "excellent")
