"""Golden tests of the yongzhou-safety-bureau template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

from datetime import date

import pytest

from rulesets.errors import QuotaTieUnresolved
from tests.rulesets.helpers import event, simulate, subject, template


def test_yongzhou_monthly_average_one_third_quota_and_new_member_not_assessed():
    doc = template("yongzhou-safety-bureau")
    subjects = [subject(f"m{i}") for i in range(1, 7)] + [
        subject("new", joined_on=date(2024, 9, 1))
    ]
    events = [
        # m1..m4 keep 100 every month; m5: -2 in one month -> mean 100 - 2/12
        event("m5", "party_day_absent", "2024-03-05"),
        # m6: -2 -1 -2 in Jan, task refused -2 in Feb: months 93, 98, 100×10 -> mean 99.25
        event("m6", "party_day_absent", "2024-01-05"),
        event("m6", "party_day_late", "2024-01-06"),
        event("m6", "training_absent", "2024-01-07"),
        event("m6", "task_refused", "2024-02-07"),
        # m1: a volunteer bonus (+2) in April: the four parts add up (四项分值相加), no cap
        event("m1", "volunteer", "2024-04-01"),
    ]
    # six assessed members, all ≥ 90; 优秀 at most one third of 6 = 2 places by rank:
    # m1 100.17 first; m2, m3, m4 tie at 100 for the one place left, and no tie-break
    # (bonus, points lost) separates them: the branch committee decides
    with pytest.raises(QuotaTieUnresolved) as tie:
        simulate(doc, subjects, events)
    [pending] = tie.value.ties
    assert (pending.key, pending.places, pending.tied, pending.rank) == (
        "excellent:all", 1, ("m2", "m3", "m4"), 2,
    )  # fmt: skip
    r = simulate(doc, subjects, events, decisions={"excellent:all": ["m3"]})
    # monthly mean: basic (60×11 + 58)/12 = 59.8333 -> total 99.83 for m5
    assert r["m5"].total == 99.83
    # m6: basic Jan 60-5 = 55, duty Feb 40-2 = 38: (1200 - 5 - 2)/12 = 99.4167 -> 99.42
    assert r["m6"].total == 99.42
    # m1: 100 + bonus mean 2/12 = 100.17
    assert r["m1"].total == 100.17
    assert sorted(k for k, v in r.items() if v.grade == "excellent") == ["m1", "m3"]
    assert "quota_committee:excellent" in r["m3"].flags and "quota:excellent" in r["m2"].flags
    assert r["m2"].rank == 2 and r["m5"].rank == 5 and r["m6"].rank == 6
    assert r["new"].grade is None and "not_assessed_new_member" in r["new"].flags


def test_yongzhou_tie_is_broken_by_bonus_then_by_fewer_points_lost():
    doc = template("yongzhou-safety-bureau")
    subjects = [subject(f"m{i}") for i in range(1, 7)]
    events = [
        # m1 and m2 end the year level at 100.17: m1 by +2 bonus, m2 by +4 bonus and -2 lost
        event("m1", "volunteer", "2024-04-01"),
        event("m2", "volunteer", "2024-05-01"),
        event("m2", "volunteer", "2024-05-02"),
        event("m2", "party_day_absent", "2024-05-03"),
        # m3: +2 bonus, like m1, but also -1 and +1 in other buckets: 100.17, 1 point lost
        event("m3", "volunteer", "2024-06-01"),
        event("m3", "task_not_done", "2024-07-01"),
        event("m3", "exemplary", "2024-08-01", points=2),
    ]
    r = simulate(doc, subjects, events)
    # quota 2 of 6. m2 has the most bonus (4/12), then m3 (4/12, 1 lost) vs m1 (2/12):
    # totals m1 100.17, m2 100.17, m3 100.25 → m3 rank 1 alone, m1 and m2 tie at rank 2 for
    # one place: more bonus wins (m2 4/12 > m1 2/12)
    assert r["m3"].rank == 1 and r["m1"].rank == r["m2"].rank == 2
    assert sorted(k for k, v in r.items() if v.grade == "excellent") == ["m2", "m3"]
    assert "quota:excellent" in r["m1"].flags


def test_yongzhou_quota_admits_the_top_third_by_rank():
    doc = template("yongzhou-safety-bureau")
    subjects = [subject(f"m{i}") for i in range(1, 7)]
    events = [
        event(f"m{i}", "party_day_late", f"2024-0{i}-02", quantity=i - 1) for i in range(2, 7)
    ]
    r = simulate(doc, subjects, events)
    # m_i loses (i-1) once: totals 100, 100 - 1/12, 100 - 2/12 … all ≥ 90; quota 6/3 = 2
    assert [r[f"m{i}"].rank for i in range(1, 7)] == [1, 2, 3, 4, 5, 6]
    assert [r[f"m{i}"].grade for i in range(1, 7)] == ["excellent"] * 2 + ["qualified"] * 4
    assert "quota:excellent" in r["m3"].flags
