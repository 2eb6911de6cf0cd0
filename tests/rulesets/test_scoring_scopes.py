"""Ranks and quotas scoped per category; a newcomer's missing months at the branch average."""

from __future__ import annotations

import copy
from datetime import date

from tests.rulesets.helpers import event, simulate, subject


def _scoped(doc: dict, scope: str) -> dict:
    doc = copy.deepcopy(doc)
    doc["scoring"]["rank"] = {"by": "total", "order": "desc", "scope": scope}
    doc["scoring"]["quotas"] = [{"grade": "excellent", "max_share": 0.5, "scope": scope}]
    doc["subject"]["categories"] = [{"code": "member"}, {"code": "retired"}]
    return doc


def _scores() -> tuple[list, list]:
    # star-party-member: daily 80 + review; every total below is ≥ 90, i.e. 优秀 by score
    subjects = [subject("m1"), subject("m2"), subject("r1", "retired"), subject("r2", "retired")]
    events = [
        event("m1", "review_outcome", "2024-12-20", outcome="excellent"),  # 80 + 20 = 100
        event("m2", "review_outcome", "2024-12-20", outcome="excellent"),  # 100 - 1 = 99
        event("m2", "absent_activity", "2024-03-01"),
        event("r1", "review_outcome", "2024-12-20", outcome="excellent"),  # 100 - 2 = 98
        event("r1", "work_discipline", "2024-03-01"),
        event("r2", "review_outcome", "2024-12-20", outcome="excellent"),  # 100 - 4 = 96
        event("r2", "work_discipline", "2024-03-01"),
        event("r2", "work_discipline", "2024-04-01"),
    ]
    return subjects, events


def test_rank_and_quota_per_category(star):
    subjects, events = _scores()
    r = simulate(_scoped(star, "category"), subjects, events)
    assert [r[k].total for k in ("m1", "m2", "r1", "r2")] == [100.0, 99.0, 98.0, 96.0]
    # ranks restart in each category: member m1 1, m2 2; retired r1 1, r2 2
    assert [r[k].rank for k in ("m1", "m2", "r1", "r2")] == [1, 2, 1, 2]
    # 50% of 2 members = 1 per category: m1 and r1 keep 优秀, m2 and r2 drop to 合格
    assert [r[k].grade for k in ("m1", "m2", "r1", "r2")] == [
        "excellent",
        "qualified",
        "excellent",
        "qualified",
    ]
    assert "quota:excellent" in r["r2"].flags


def test_rank_and_quota_over_everyone(star):
    subjects, events = _scores()
    r = simulate(_scoped(star, "all"), subjects, events)
    assert [r[k].rank for k in ("m1", "m2", "r1", "r2")] == [1, 2, 3, 4]
    # 50% of 4 = 2 overall: m1 and m2 keep 优秀, both retired members drop
    assert [r[k].grade for k in ("m1", "m2", "r1", "r2")] == [
        "excellent",
        "excellent",
        "qualified",
        "qualified",
    ]


def _monthly() -> dict:
    """Seed 002 质检: monthly 日常行为积分 with 基础分 60; 新入职党员未考核月份积分按支部之前
    月份考核平均积分计算 (a newcomer's months before joining = the branch's average)."""
    return {
        "schema": "jifen/ruleset/1",
        "ruleset": "quality-inspection-monthly",
        "subject": {"kind": "party_member", "categories": [{"code": "member"}]},
        "period": {"unit": "year", "starts": "12-01", "sub_period": "month"},
        "buckets": [
            {"code": "basic", "initial": 60, "floor": 0, "cap": 60, "per": "month"},
        ],
        "items": [{"code": "training_absent", "bucket": "basic", "points": -2}],
        "scoring": {
            "total": "basic / 12",
            "partial": {"missing_sub_periods": "branch_average"},
        },
    }


def test_newcomer_missing_months_are_filled_at_the_branch_average():
    doc = _monthly()
    subjects = [subject("a"), subject("b"), subject("new", joined_on=date(2024, 2, 15))]
    events = [
        event("a", "training_absent", "2023-12-05"),  # a: Dec 58
        event("b", "training_absent", "2023-12-06"),  # b: Dec 56
        event("b", "training_absent", "2023-12-07"),
        event("b", "training_absent", "2024-01-07"),  # b: Jan 58
        event("new", "training_absent", "2024-03-07"),  # new: Mar 58
    ]
    # the period starts on 1 December (seed 002 质检): Dec, Jan, Feb … Nov.
    r = simulate(doc, subjects, events, start="2023-12-01")
    # new joined 2024-02-15: Dec and Jan ended before it, Feb did not -> 2 months missing.
    # Dec branch average = (58 + 56) / 2 = 57; Jan = (60 + 58) / 2 = 59
    # new: 57 + 59 + Feb 60 + Mar 58 + 8 × 60 = 714 -> total 714 / 12 = 59.5
    assert r["new"].buckets["basic"] == 714.0 and r["new"].total == 59.5
    assert "filled_at_branch_average:basic:1" in r["new"].flags
    assert "filled_at_branch_average:basic:2" in r["new"].flags
    assert "filled_at_branch_average:basic:3" not in r["new"].flags
    # members present all year are not filled: a = 58 + 11 × 60 = 718
    assert r["a"].buckets["basic"] == 718.0 and not r["a"].flags


def test_missing_months_count_zero_when_the_ruleset_says_so():
    doc = _monthly()
    doc["scoring"]["partial"] = {"missing_sub_periods": "zero"}
    r = simulate(doc, [subject("a"), subject("new", joined_on=date(2024, 2, 15))], [])
    # new: Dec and Jan count 0, Feb … Nov 10 × 60 = 600
    assert r["new"].buckets["basic"] == 600.0 and r["new"].total == 50.0
