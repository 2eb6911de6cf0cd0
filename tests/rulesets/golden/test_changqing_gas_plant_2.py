"""Golden tests of the changqing-gas-plant-2 template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

from tests.rulesets.helpers import event, simulate, subject, template


def test_changqing_gas_plant_basic_60_duty_40_plus_bonus_minus_deduction():
    doc = template("changqing-gas-plant-2")
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
