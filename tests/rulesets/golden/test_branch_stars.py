"""Golden tests of the branch-stars template: the level is the number of stars earned
(seed 002 基层党支部评星晋级目标管理工作台账, l.59–100): 安全星绩效星廉洁星 → 三星级,
four stars → 四星级, all five → 五星级; each star counts once a year."""

from __future__ import annotations

from tests.rulesets.helpers import event, simulate, subject, template

STARS = ["study_star", "safety_star", "performance_star", "integrity_star", "innovation_star"]


def test_the_level_is_the_number_of_stars_as_in_the_seeds_ledger():
    doc = template("branch-stars")
    branches = {
        "掘进六队": ["safety_star", "performance_star", "integrity_star"],  # l.63: 三星级
        "生产服务队": STARS[:4],  # l.65 学习星安全星绩效星廉洁星: 四星级
        "选煤厂": STARS,  # l.98: 五星级
        "新建支部": ["study_star", "safety_star"],  # two stars: no level in the seed
    }
    events = [event(b, star, "2024-12-10") for b, stars in branches.items() for star in stars]
    r = simulate(doc, [subject(b, "branch") for b in branches], events)
    assert {b: (r[b].total, r[b].grade) for b in branches} == {
        "掘进六队": (3.0, "three_star"),
        "生产服务队": (4.0, "four_star"),
        "选煤厂": (5.0, "five_star"),
        "新建支部": (2.0, "unrated"),
    }


def test_a_star_awarded_twice_counts_once():
    doc = template("branch-stars")
    events = [event("b", "study_star", "2024-03-01"), event("b", "study_star", "2024-09-01")]
    assert simulate(doc, [subject("b", "branch")], events)["b"].total == 1.0


def test_the_branchs_score_is_its_members_average():
    # the superior's close gives each branch subject its members' results of the year
    doc = template("branch-stars")
    branch = subject("b", "branch", attributes={"members_average": 91.5, "members_count": 12})
    r = simulate(doc, [branch], [event("b", "study_star", "2024-12-10")])["b"]
    assert r.variables["members_average"] == 91.5
