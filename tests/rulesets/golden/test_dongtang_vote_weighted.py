"""Golden tests of the dongtang-vote-weighted template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

from tests.rulesets.helpers import event, simulate, subject, template


def test_dongtang_vote_weighted_review_and_requirements():
    doc = template("dongtang-vote-weighted")
    subjects = [subject("s1", "student"), subject("s2", "student")]
    events = [
        *[event("s1", "org_life", f"2024-0{m}-05") for m in range(1, 6)],  # 5 ≥ 5
        event("s1", "outstanding", "2024-06-01", points=10),
        event("s1", "review_votes", "2024-12-20", votes={"excellent": 6, "good": 3, "pass": 1}),
        *[event("s2", "org_life", f"2024-0{m}-05") for m in range(1, 4)],  # 3 < 5
        event("s2", "review_votes", "2024-12-20", votes={"good": 2, "poor": 2}),
    ]
    r = simulate(doc, subjects, events)
    # s1 review = (6×100 + 3×80 + 1×60) / 10 = 90; total = (100 + 10)×0.8 + 90×0.2 = 106
    assert r["s1"].buckets["review"] == 90.0 and r["s1"].total == 106.0
    assert r["s1"].grade == "excellent"
    # s2 review = (2×80 + 2×40) / 4 = 60; total = 100×0.8 + 60×0.2 = 92, requirement unmet flag
    assert r["s2"].total == 92.0 and "requirement_unmet:org_life_5" in r["s2"].flags


def test_dongtang_six_months_without_org_life_forces_lowest_grade():
    doc = template("dongtang-vote-weighted")
    events = [event("s1", "org_life_missed", f"2024-0{m}-05") for m in range(1, 7)]
    events.append(event("s1", "review_votes", "2024-12-20", votes={"excellent": 1}))
    r = simulate(doc, [subject("s1", "student")], events)
    # (100 - 12)×0.8 + 100×0.2 = 90.4 would be 优秀, but the veto forces 不合格
    assert r["s1"].total == 90.4 and r["s1"].grade == "unqualified" and r["s1"].vetoed
