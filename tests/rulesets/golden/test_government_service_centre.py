"""Golden tests of the government-service-centre template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

from tests.rulesets.helpers import event, simulate, subject, template


def test_government_centre_vanguard_needs_basic_75_and_quota_20_percent():
    doc = template("government-service-centre")
    subjects = [subject(f"m{i}") for i in range(1, 6)]
    events = [
        # m1: basic 80, bonus 20 -> 100 先锋 (rank 1)
        event("m1", "contribution", "2024-03-01", points=20),
        # m2: superstition -10 -> belief 10, basic 70; bonus 20 -> 90 but basic < 75 -> 合格
        event("m2", "superstition", "2024-03-01"),
        event("m2", "contribution", "2024-03-02", points=20),
        # m3: bonus 15 -> 95 先锋 by score but quota 20% of 5 = 1 -> 合格
        event("m3", "contribution", "2024-03-01", points=15),
        # m4: serious warning -10 -> 70, and the sanction forces 警示 that year
        event("m4", "party_sanction", "2024-04-01", kind="serious_warning"),
        event("m4", "sanction_warning_class", "2024-04-01"),
    ]
    r = simulate(doc, subjects, events)
    assert (r["m1"].total, r["m1"].grade) == (100.0, "vanguard")
    assert (r["m2"].total, r["m2"].grade) == (90.0, "qualified")
    assert "requires_unmet:vanguard" in r["m2"].flags
    assert (r["m3"].total, r["m3"].grade) == (95.0, "qualified") and "quota:vanguard" in r[
        "m3"
    ].flags
    assert (r["m4"].total, r["m4"].grade) == (70.0, "warning")
    assert (r["m5"].total, r["m5"].grade) == (80.0, "qualified")


def test_government_centre_dues_more_than_three_months_unpaid_cost_five():
    # §16 纪律指数: 未按规定标准交纳党费 −3 each time; 超过3个月不交纳 −5 each time
    doc = template("government-service-centre")
    subjects = [subject("m1"), subject("m2"), subject("m3")]
    events = [
        event("m1", "dues_substandard", "2024-03-01", months_unpaid=1),  # -3
        event("m2", "dues_substandard", "2024-03-01", months_unpaid=3),  # -3: not more than 3
        event("m3", "dues_substandard", "2024-03-01", months_unpaid=4),  # -5
        event("m3", "dues_substandard", "2024-09-01", months_unpaid=5),  # -5
    ]
    r = simulate(doc, subjects, events)
    # basic 80 (discipline 20 - deductions), no bonus
    assert [r[m].total for m in ("m1", "m2", "m3")] == [77.0, 77.0, 70.0]
    assert [line.rule for line in r["m3"].explain] == [
        "item dues_substandard (variant over_three_months: event.months_unpaid ≥ 4)"
    ] * 2
    assert r["m2"].explain[0].rule == "item dues_substandard"
