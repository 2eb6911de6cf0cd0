"""Golden tests of the guanqu-village-education template: the expected numbers worked out by hand from
its seed article (seed 000 §5, 关渠村 党员教育积分, named in the template's header).

党员年度积分 = 年度平均积分 × 80% + 年度民主评议量化积分 × 20% (l.347); a month's 教育积分 = 学习教育
(60, deducted) + 实践锻炼 (≤ 30) + 自主赋分 (≤ 10) + 处罚分 (deducted); the year runs March to
December 2017 (l.371), ten months; 85分以上 优秀, 84-60分 合格, 60分以下 不合格 (l.359). The review
scale (votes 100/80/60/40) is the template's default from seed 000 §17 东塘."""

from __future__ import annotations

from datetime import date

import pytest

from rulesets.simulate import InputError
from tests.rulesets.helpers import event, simulate, subject, template

START = "2017-03-01"
MONTHS = range(3, 13)  # March … December 2017


def _run(subjects, events):
    return simulate(template("guanqu-village-education"), subjects, events, start=START)


def _practice_every_month(member: str, points: float = 30) -> list:
    return [event(member, "practice", f"2017-{m:02d}-10", points=points) for m in MONTHS]


def test_guanqu_period_is_march_to_december_in_ten_monthly_scores():
    r = _run(
        [subject("m")],
        [
            event("m", "practice", "2017-02-20", points=30),  # before the scheme: not counted
            event("m", "practice", "2017-03-10", points=30),
            event("m", "practice", "2017-12-10", points=30),
        ],
    )
    months = [(p.start, p.end) for p in r["m"].sub_periods]
    assert months[0] == (date(2017, 3, 1), date(2017, 3, 31))
    assert months[-1] == (date(2017, 12, 1), date(2017, 12, 31)) and len(months) == 10
    # practice in March and December only: mean (30 + 30)/10 = 6; study 60 every month
    assert r["m"].buckets["practice"] == 6.0 and r["m"].buckets["study"] == 60.0
    # no review: (60 + 6) × 0.8 = 52.8 → 不合格
    assert (r["m"].total, r["m"].grade) == (52.8, "unqualified")


def test_guanqu_year_is_average_times_80_percent_plus_review_times_20_percent():
    events = [
        *_practice_every_month("full"),
        *[event("full", "branch_activity", f"2017-{m:02d}-15", points=10) for m in MONTHS],
        # all votes 优秀: review 100
        event("full", "review_votes", "2017-12-12", votes={"excellent": 9}),
        # mixed votes: (5×100 + 3×80 + 1×60 + 1×40) / 10 = 84
        *_practice_every_month("mixed", 20),
        event("mixed", "review_votes", "2017-12-12", votes={"excellent": 5, "good": 3, "pass": 1, "poor": 1}),
    ]  # fmt: skip
    r = _run([subject("full"), subject("mixed")], events)
    # full: every month 60 + 30 + 10 = 100; 100 × 0.8 + 100 × 0.2 = 100 → 优秀
    assert r["full"].variables["education"] == 100.0
    assert (r["full"].total, r["full"].grade) == (100.0, "excellent")
    assert "commendation" in r["full"].flags
    # mixed: months 60 + 20 = 80; 80 × 0.8 + 84 × 0.2 = 64 + 16.8 = 80.8 → 合格
    assert r["mixed"].buckets["review"] == 84.0
    assert (r["mixed"].total, r["mixed"].grade) == (80.8, "qualified")
    assert "written_feedback_and_talk" in r["mixed"].flags


def test_guanqu_band_edges():
    review_65 = {"pass": 3, "good": 1}  # (3×60 + 80)/4 = 65
    review_60 = {"pass": 2}  # 60
    events = [
        # at85: months 60 + 30 = 90; 90 × 0.8 + 65 × 0.2 = 72 + 13 = 85 → 优秀 ("85分以上")
        *_practice_every_month("at85"),
        event("at85", "review_votes", "2017-12-12", votes=review_65),
        # at84: one missed study (−2) in May: (900 − 2)/10 = 89.8; 71.84 + 13 = 84.84 → 合格
        *_practice_every_month("at84"),
        event("at84", "collective_study_absent", "2017-05-05"),
        event("at84", "review_votes", "2017-12-12", votes=review_65),
        # at60: nothing earned: 60 × 0.8 + 60 × 0.2 = 60 → 合格 ("84-60分")
        event("at60", "review_votes", "2017-12-12", votes=review_60),
        # at59: −2 once: 59.8 × 0.8 + 12 = 59.84 → 不合格 ("60分以下")
        event("at59", "org_life_absent", "2017-06-05"),
        event("at59", "review_votes", "2017-12-12", votes=review_60),
    ]
    names = ["at85", "at84", "at60", "at59"]
    r = _run([subject(n) for n in names], events)
    assert {n: (r[n].total, r[n].grade) for n in names} == {
        "at85": (85.0, "excellent"),
        "at84": (84.84, "qualified"),
        "at60": (60.0, "qualified"),
        "at59": (59.84, "unqualified"),
    }
    assert "rectification_notice_no_honours" in r["at59"].flags


def test_guanqu_study_deductions_floor_at_zero_and_earned_parts_cap_each_month():
    events = [
        # April: 31 missed sessions × −2 = −62, but 学习教育 loses at most its 60 → 0
        *[event("m", "self_study_missed", "2017-04-05") for _ in range(31)],
        # May: −2 −2 −2 −2 = −8 → 52 (each 学习教育 item once)
        event("m", "collective_study_absent", "2017-05-05"),
        event("m", "self_study_missed", "2017-05-06"),
        event("m", "org_life_absent", "2017-05-07"),
        event("m", "dues_late", "2017-05-08"),
        # June: practice 20 + 20 → 30 (满分30); activities 6 + 6 → 10 (满分10)
        event("m", "practice", "2017-06-10", points=20),
        event("m", "practice", "2017-06-20", points=20),
        event("m", "branch_activity", "2017-06-11", points=6),
        event("m", "branch_activity", "2017-06-21", points=6),
    ]
    r = _run([subject("m")], events)
    # study: (60×8 + 0 + 52)/10 = 53.2; practice 30/10 = 3; self 10/10 = 1
    assert r["m"].buckets["study"] == 53.2
    assert r["m"].buckets["practice"] == 3.0 and r["m"].buckets["self_assigned"] == 1.0
    # (53.2 + 3 + 1) × 0.8 = 45.76
    assert r["m"].total == 45.76
    with pytest.raises(InputError, match="outside"):
        _run([subject("m")], [event("m", "practice", "2017-06-10", points=31)])


def test_guanqu_only_the_largest_deduction_of_one_incident_counts():
    events = [
        *_practice_every_month("m"),
        # one incident in July: −2 不服从 and −5 诫勉 → only −5 ("按分值高的计分,不重复计算")
        event("m", "disobedience", "2017-07-03", incident="2017-07-task"),
        event("m", "accountability", "2017-07-20", incident="2017-07-task"),
        # another incident the same month adds up: −1 late
        event("m", "passive_or_late", "2017-07-25", incident="2017-07-25-meeting"),
        # a sanction in September for the same July incident: 严重警告 −6 is now the largest
        # of that incident, so it alone counts (the −2 and −5 count 0)
        event("m", "party_sanction", "2017-09-01", kind="serious_warning", incident="2017-07-task"),
    ]  # fmt: skip
    r = _run([subject("m")], events)
    # penalty: July −1 (the late arrival), September −6: mean −7/10 = −0.7
    assert [dict(p.buckets).get("penalty", 0) for p in r["m"].sub_periods] == [
        0, 0, 0, 0, -1.0, 0, -6.0, 0, 0, 0,
    ]  # fmt: skip
    assert [x.points for x in r["m"].explain if x.item != "practice"] == [0.0, 0.0, -1.0, -6.0]
    assert r["m"].buckets["penalty"] == pytest.approx(-0.7)
    # (60 + 30 − 0.7) × 0.8 = 71.44
    assert r["m"].total == 71.44
    with pytest.raises(InputError, match="incident"):
        _run([subject("m")], [event("m", "disobedience", "2017-07-03")])


@pytest.mark.parametrize(
    ("kind", "points"),
    [("warning", -4), ("serious_warning", -6), ("removal", -8), ("probation", -10)],
)
def test_guanqu_sanctions_cost_4_6_8_10(kind, points):
    events = [event("m", "party_sanction", "2017-08-01", kind=kind, incident="case")]
    r = _run([subject("m")], events)
    # one month at 60 + points, nine at 60: mean 60 + points/10; × 0.8
    assert r["m"].buckets["penalty"] == points / 10
    assert r["m"].total == round((60 + points / 10) * 0.8, 2)


def test_guanqu_each_penalty_item():
    items = {
        "passive_or_late": -1,
        "improper_conduct": -2,
        "disobedience": -2,
        "stability_harm": -5,
        "accountability": -5,
    }
    events = [
        event("m", item, f"2017-{3 + n:02d}-05", incident=f"case-{n}")
        for n, item in enumerate(items)
    ]
    r = _run([subject("m")], events)
    # separate incidents add up: −1 −2 −2 −5 −5 = −15 over ten months: −1.5
    assert r["m"].buckets["penalty"] == -1.5
    assert r["m"].total == round((60 - 1.5) * 0.8, 2) == 46.8


def test_guanqu_exempt_members_and_members_who_join_during_the_year():
    subjects = [
        subject("old", exempt=True),  # 70岁以上 or 行动不便, on request: not scored
        subject("joined", joined_on=date(2017, 8, 1)),
    ]
    events = [
        *[event("joined", "practice", f"2017-{m:02d}-10", points=30) for m in range(8, 13)],
        event("joined", "review_votes", "2017-12-12", votes={"good": 1}),
    ]
    r = _run(subjects, events)
    assert r["old"].grade is None and "exempt" in r["old"].flags
    # joined: August–December only, each 60 + 30 = 90: 90 × 0.8 + 80 × 0.2 = 88 → 优秀
    assert (r["joined"].total, r["joined"].grade) == (88.0, "excellent")


def test_guanqu_one_review_per_year():
    events = [
        event("m", "review_votes", "2017-12-12", votes={"excellent": 1}),
        event("m", "review_votes", "2017-12-13", votes={"excellent": 1}),
    ]
    r = _run([subject("m")], events)
    # the second review counts 0: review 100; 60 × 0.8 + 100 × 0.2 = 68
    assert r["m"].buckets["review"] == 100.0 and r["m"].total == 68.0
