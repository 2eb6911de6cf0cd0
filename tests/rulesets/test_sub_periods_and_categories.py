"""Facts per sub-period for flags (the class's monthly parent meeting), sub-period subtotals
in results, item sets per category, and a group key that must be given."""

from __future__ import annotations

from datetime import date

import pytest

from rulesets.attributes import InvalidAttributes
from rulesets.contracts import EvaluationContext
from rulesets.errors import ItemNotForCategory
from tests.rulesets.helpers import engine, event, simulate, subject, template


def _monthly_flag_doc():
    return {
        "schema": "jifen/ruleset/1",
        "ruleset": "months",
        "subject": {"kind": "pupil"},
        "period": {"unit": "term", "starts": "09-01", "term_months": 6, "sub_period": "month"},
        "buckets": [{"code": "conduct", "initial": 80}],
        "items": [{"code": "fault", "bucket": "conduct", "points": -1}],
        "scoring": {
            "total": "conduct",
            "flags": [
                {
                    "code": "parent_meeting",
                    "per": "month",
                    "when": "rank_from_bottom <= 3 and points_lost > 10",
                }
            ],
        },
    }


def test_a_flag_decided_month_by_month_with_ties_for_last_place():
    doc = _monthly_flag_doc()
    pupils = [subject(f"p{i}", "default") for i in range(1, 7)]
    events = []
    # October: p1 loses 12, p2 and p3 lose 11 each, p4 loses 11 too: four share the bottom
    # three (p1 last; p2, p3, p4 tie for second-to-last: all three are "among the last three")
    for pupil, lost in (("p1", 12), ("p2", 11), ("p3", 11), ("p4", 11)):
        events.append(event(pupil, "fault", "2024-10-10", quantity=lost))
    # November: p5 loses 5 (bottom three by the standing to date? no: 75 > 69), p6 nothing
    events.append(event("p5", "fault", "2024-11-05", quantity=5))
    r = simulate(doc, pupils, events, start="2024-09-01")
    flagged = {k for k, v in r.items() if "parent_meeting" in v.flags}
    assert flagged == {"p1", "p2", "p3", "p4"}
    assert "parent_meeting@2024-10-01" in r["p2"].flags
    # more than 10 lost in the month is required: p5's 5 in November is not enough
    assert "parent_meeting" not in r["p5"].flags


def test_results_carry_what_each_sub_period_moved():
    doc = _monthly_flag_doc()
    r = simulate(
        doc, [subject("p1", "default")], [event("p1", "fault", "2024-10-10", quantity=2)],
        start="2024-09-01",
    )["p1"]  # fmt: skip
    months = [(p.start.isoformat(), dict(p.buckets)) for p in r.sub_periods]
    assert months[:3] == [("2024-09-01", {}), ("2024-10-01", {"conduct": -2.0}), ("2024-11-01", {})]
    assert len(months) == 6


def test_an_item_listed_for_other_categories_is_refused():
    doc = template("village-member-stars")
    compiled = engine(doc)
    context = EvaluationContext(date(2024, 1, 1), date(2024, 12, 31), "cadre")
    # 党员管理 is the floating members' item; a village cadre cannot be scored on it
    with pytest.raises(ItemNotForCategory, match="is for floating"):
        compiled.evaluate(event("c1", "management", "2024-03-01", points=10), context)
    assert compiled.categories_of("management") == ["floating"]
    assert compiled.categories_of("disaster_relief") is None  # a bonus for everyone
    ok = compiled.evaluate(event("c1", "org_life", "2024-03-01", points=10), context)
    assert ok.effects[0].points == 10


def test_an_item_in_a_largest_only_group_needs_its_key():
    doc = template("vanguard-index-city")
    grouped = next(i for i in doc["items"] if i.get("group") == "same_category")
    context = EvaluationContext(date(2024, 1, 1), date(2024, 12, 31), "member")
    attributes = {"level": "county"} if "points_by" in grouped else {}
    with pytest.raises(InvalidAttributes, match=r"attributes\.category: is required"):
        engine(doc).evaluate(event("m1", grouped["code"], "2024-03-01", **attributes), context)
