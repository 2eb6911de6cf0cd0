"""Golden tests of the enterprise-employee-points template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

from tests.rulesets.helpers import event, simulate, subject, template


def test_enterprise_year_is_the_sum_of_quarters_over_four_with_veto():
    doc = template("enterprise-employee-points")
    subjects = [subject(f"e{i}", "employee") for i in range(1, 5)]
    full_task = {
        "duties": 15,
        "pairing": 6,
        "activities": 4,
        "research": 4,
        "pledge": 3,
        "role": 3,
        "volunteer": 2,
        "good_deeds": 2,
        "task_other": 11,
    }  # 15 + 6 + 4 + 4 + 3 + 3 + 2 + 2 + 11 = 50 a quarter
    quarters = ["2024-02-01", "2024-05-01", "2024-08-01", "2024-11-01"]
    events = [
        # e1: Q1 basic 40 - 3 = 37, task 15 + 6 = 21, reward 5; Q2 reward 4 (province)
        event("e1", "political", "2024-01-10", points=-3),
        event("e1", "duties", "2024-02-10", points=15),
        event("e1", "pairing", "2024-03-10", points=6),
        event("e1", "outstanding", "2024-03-20"),
        event("e1", "commendation", "2024-05-20", level="province"),
        # e2: task 15 + 11 = 26 every quarter, city commendation 3 in Q3
        *[event("e2", "duties", q, points=15) for q in quarters],
        *[event("e2", "task_other", q, points=11) for q in quarters],
        event("e2", "commendation", "2024-08-20", level="city"),
        # e3: full task every quarter; three outstanding contributions in Q1: 15 capped at 10
        *[event("e3", item, q, points=p) for q in quarters for item, p in full_task.items()],
        *[event("e3", "outstanding", "2024-03-0" + str(d)) for d in (1, 2, 3)],
        # e4: full task in Q1, then a veto clears the year
        *[event("e4", item, quarters[0], points=p) for item, p in full_task.items()],
        event("e4", "serious_violation", "2024-06-01"),
    ]
    r = simulate(doc, subjects, events)
    # e1: basic 37 + 40 × 3 = 157, task 21, reward 5 + 4 = 9: (157 + 21 + 9) / 4 = 46.75 不合格
    assert r["e1"].buckets == {"basic": 157.0, "task": 21.0, "reward": 9.0}
    assert (r["e1"].total, r["e1"].grade) == (46.75, "unqualified")
    # e2: (160 + 4 × 26 + 3) / 4 = 267 / 4 = 66.75 基本合格 -> reminder talk
    assert (r["e2"].total, r["e2"].grade) == (66.75, "basic_qualified")
    assert "reminder_talk" in r["e2"].flags
    # e3: (160 + 200 + 10) / 4 = 92.5 优秀
    assert r["e3"].buckets["reward"] == 10.0
    assert (r["e3"].total, r["e3"].grade) == (92.5, "excellent")
    # e4: veto -> 0
    assert (r["e4"].total, r["e4"].vetoed, r["e4"].grade) == (0.0, True, "unqualified")
