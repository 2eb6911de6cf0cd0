"""Quotas are exact shares; a tie at a quota's boundary is broken by the ruleset's keys and
then follows its stated policy, never silently to nobody."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from rulesets.contracts import LedgerEntry, Period, Subject
from rulesets.errors import QuotaTieUnresolved
from rulesets.scoring import score_period
from rulesets.shares import places, share
from tests.rulesets.helpers import template

PERIOD = Period(date(2024, 1, 1), date(2024, 12, 31))


def _doc(share_text="1/3", ties=None, tie_break=None):
    quota = {"grade": "excellent", "max_share": share_text}
    if ties:
        quota["ties"] = ties
    if tie_break:
        quota["tie_break"] = tie_break
    return {
        "schema": "jifen/ruleset/1",
        "ruleset": "quota",
        "subject": {"kind": "person"},
        "period": {"unit": "year"},
        "buckets": [
            {"code": "daily", "initial": 100, "floor": 0},
            {"code": "bonus", "initial": 0, "floor": 0},
        ],
        "items": [
            {"code": "lost", "bucket": "daily", "points": -1},
            {"code": "won", "bucket": "bonus", "points": 1},
            {"code": "gain", "bucket": "daily", "points": 1},
        ],
        "scoring": {
            "total": "daily + bonus",
            "grades": [
                {"code": "excellent", "min": 90},
                {"code": "qualified", "below": 90},
            ],
            "quotas": [quota],
        },
    }


def _entry(subject, item, points, n, day="2024-03-01", bucket="daily"):
    return LedgerEntry(
        subject, f"e{subject}-{n}", f"k{subject}-{n}", date.fromisoformat(day), item, bucket,
        points, points, f"item {item}",
    )  # fmt: skip


def _subjects(n):
    return [Subject(f"s{i:03d}") for i in range(n)]


@pytest.mark.parametrize(
    ("members", "expected"), [(3, 1), (33, 11), (34, 11), (600, 200), (2, 0), (1, 0)]
)
def test_a_third_is_exact(members, expected):
    assert places("1/3", members) == expected
    # the same members with distinct totals: exactly that many 优秀, by rank
    # s000 100, s001 99.99, s002 99.98 …: all above 90, no two alike
    entries = [_entry(f"s{i:03d}", "lost", -i / 100, 0) for i in range(1, members)]
    results = score_period(_doc(), _subjects(members), entries, PERIOD)
    assert sum(r.grade == "excellent" for r in results) == expected


def test_shares_are_written_as_fractions_percentages_or_decimals():
    assert share("1/3") == Fraction(1, 3)
    assert share("15%") == Fraction(3, 20) == share(0.15) == share("0.15")
    assert places("15%", 20) == 3 and places("20%", 34) == 6
    with pytest.raises(ValueError, match=r"write 1/3, 15% or 0\.15"):
        share("a third")


def _tied_four():
    """s000 best alone; s001–s003 tie at 100 for the one place left of 2 (a third of 6)."""
    subjects = _subjects(6)
    entries = [
        _entry("s000", "gain", 1.0, 0),
        _entry("s004", "lost", -1.0, 0),
        _entry("s005", "lost", -2.0, 0),
    ]
    return subjects, entries


def test_the_committee_decides_a_tie_by_default():
    subjects, entries = _tied_four()
    with pytest.raises(QuotaTieUnresolved, match="3 subjects tie at rank 2 for 1 place"):
        score_period(_doc(), subjects, entries, PERIOD)
    results = {
        r.id: r
        for r in score_period(
            _doc(), subjects, entries, PERIOD, decisions={"excellent:all": ["s002"]}
        )
    }
    assert [k for k, r in results.items() if r.grade == "excellent"] == ["s000", "s002"]
    assert "quota:excellent" in results["s001"].flags


def test_a_decision_may_not_choose_more_than_the_places_left():
    subjects, entries = _tied_four()
    with pytest.raises(ValueError, match="must choose at most 1"):
        score_period(
            _doc(), subjects, entries, PERIOD, decisions={"excellent:all": ["s001", "s002"]}
        )


@pytest.mark.parametrize(
    ("policy", "excellent"), [("all_in", {"s000", "s001", "s002", "s003"}), ("all_out", {"s000"})]
)
def test_all_in_and_all_out(policy, excellent):
    subjects, entries = _tied_four()
    results = score_period(_doc(ties=policy), subjects, entries, PERIOD)
    assert {r.id for r in results if r.grade == "excellent"} == excellent


def test_a_tie_break_decides_before_the_policy():
    # s001–s003 tie at 100: s002 by a bonus point (and one lost), the others without
    subjects, entries = _tied_four()
    entries += [
        _entry("s002", "won", 1.0, 1, bucket="bonus"),
        _entry("s002", "lost", -1.0, 2),
    ]
    doc = _doc(tie_break=[{"by": "bonus", "order": "desc"}])
    results = {r.id: r for r in score_period(doc, subjects, entries, PERIOD)}
    assert {k for k, r in results.items() if r.grade == "excellent"} == {"s000", "s002"}
    # by fewer points lost instead, s001 and s003 (none lost) still tie: the committee
    doc = _doc(tie_break=[{"by": "points_lost", "order": "asc"}])
    with pytest.raises(QuotaTieUnresolved) as tie:
        score_period(doc, subjects, entries, PERIOD)
    assert tie.value.ties[0].tied == ("s001", "s003")


def test_a_bad_share_is_refused_with_its_path():
    from rulesets.validator import schema_problems

    problems = schema_problems(_doc(share_text="a third"))
    assert [p.path for p in problems] == ["$.scoring.quotas[0].max_share"]


def test_yongzhou_quota_uses_an_exact_third():
    quota = template("yongzhou-safety-bureau")["scoring"]["quotas"][0]
    assert share(quota["max_share"]) == Fraction(1, 3)
