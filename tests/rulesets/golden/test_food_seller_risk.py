"""Golden tests of the food-seller-risk template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

from tests.rulesets.helpers import event, simulate, subject, template


def test_food_seller_bands_defaults_school_and_point_downgrade():
    doc = template("food-seller-risk")
    subjects = [
        subject("shop1", "licensed"),
        subject("shop2", "licensed"),
        subject("shop3", "licensed", attributes={"near_school": True}),
        subject("new1", "new_licensed"),
        subject("stall", "small_shop"),
        subject("shop4", "licensed"),
    ]
    events = [
        event("shop1", "static_assessment", "2024-02-01", points=12),
        event("shop1", "dynamic_inspection", "2024-03-01", points=15),  # 27 -> A
        event("shop2", "static_assessment", "2024-02-01", points=20),
        event("shop2", "dynamic_inspection", "2024-03-01", points=20),  # 40 -> B
        event("shop2", "violation_points", "2024-05-01", points=9),  # B with 9 points -> C
        event("shop3", "static_assessment", "2024-02-01", points=5),  # 5 -> A, near school -> D
        event("shop4", "static_assessment", "2024-02-01", points=30),
        event("shop4", "dynamic_inspection", "2024-03-01", points=35),  # 65 -> D
    ]
    r = simulate(doc, subjects, events)
    assert (r["shop1"].total, r["shop1"].grade) == (27.0, "A")
    assert (r["shop2"].total, r["shop2"].grade) == (40.0, "C")
    assert r["shop3"].grade == "D" and "adjusted:school" in r["shop3"].flags
    assert r["new1"].grade == "B" and r["stall"].grade == "C"
    assert (r["shop4"].total, r["shop4"].grade) == (65.0, "D")
    assert "inspections_min_3" in r["shop4"].flags and "inspections_min_1" in r["shop1"].flags
