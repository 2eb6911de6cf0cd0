"""Golden tests of the vanguard-index-city template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

from datetime import date

from rulesets.contracts import PreviousResult
from tests.rulesets.helpers import event, simulate, subject, template


def test_vanguard_index_weighting_bonus_limit_and_two_years_basic():
    doc = template("vanguard-index-city")
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
    # a: weighted = 100×0.8 + 90×0.2 = 98; reward 4 + 5 = 9 limited to 10% of 98 = 9.8 -> 107 -> 100
    assert r["a"].buckets["reward"] == 9.0 and r["a"].total == 100.0
    # b: 82×0.8 + 60×0.2 = 77.6 合格 — not basic, so no two-year rule
    assert (r["b"].total, r["b"].grade) == (77.6, "qualified")
    # p: 84×0.8 + 50×0.2 = 77.2 合格, probationary: no consequence flag
    assert r["p"].total == 77.2 and "probation_extended" not in r["p"].flags


def test_vanguard_index_second_year_basic_becomes_unqualified_and_probation_extends():
    doc = template("vanguard-index-city")
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
    # 78×0.8 + 0 = 62.4 基本合格; b was 基本合格 last year -> 不合格; p (probationary) -> extend
    assert (r["b"].total, r["b"].grade) == (62.4, "unqualified")
    assert r["p"].grade == "basic_qualified" and "probation_extended" in r["p"].flags
