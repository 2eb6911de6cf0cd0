"""Golden tests of the village-member-stars template: the expected numbers worked out by hand from its seed
article (named in the template's header)."""

from __future__ import annotations

from datetime import date

from rulesets.contracts import PreviousResult
from tests.rulesets.helpers import event, simulate, subject, template


def test_village_categories_start_from_their_base_and_get_stars():
    doc = template("village-member-stars")
    subjects = [
        subject("c", "cadre"),
        subject("n", "non_office"),
        subject("f", "floating"),
        subject("e", "elderly", attributes={"status": "probationary"}),
    ]
    events = [
        # cadre: base 0 + 30 + 30 + 20 + 18 + bonus (county 2 + disaster 5) - 3 = 102 -> 100
        event("c", "org_life", "2024-03-31", points=30),
        event("c", "duties", "2024-06-30", points=30),
        event("c", "integrity", "2024-09-30", points=20),
        event("c", "law_abiding", "2024-12-31", points=18),
        event("c", "commendation", "2024-05-01", level="county"),
        event("c", "disaster_relief", "2024-07-01"),
        event("c", "collective_petition", "2024-08-01"),
        # non-office: base 20 + study 40 + party day 15 - 2 × 2 (skipped public work) = 71 ★★★
        event("n", "study", "2024-06-30", points=40),
        event("n", "party_day", "2024-06-30", points=15),
        event("n", "skipped_public_work", "2024-04-01"),
        event("n", "skipped_public_work", "2024-05-01"),
        # floating: base 40 + management 45 - 5 (relative's violation) = 80 ★★★★
        event("f", "management", "2024-12-31", points=45),
        event("f", "violation", "2024-10-01"),
        # elderly, probationary: base 60 - 3 - 3 = 54 ★ -> probation extended or cancelled
        event("e", "vice_or_policy", "2024-02-01"),
        event("e", "neighbour_conflict", "2024-03-01"),
    ]
    r = simulate(doc, subjects, events)
    assert (r["c"].total, r["c"].stars, r["c"].grade) == (100.0, 5, "five_stars")
    assert r["c"].buckets["bonus"] == 7.0 and r["c"].buckets["deduction"] == -3.0
    assert (r["n"].total, r["n"].stars) == (71.0, 3)
    assert (r["f"].total, r["f"].stars) == (80.0, 4)
    assert (r["e"].total, r["e"].stars) == (54.0, 1)
    assert "probation_extended_or_cancelled" in r["e"].flags
    assert "unqualified_transformation_6_months" in r["e"].flags


def test_village_three_years_below_three_stars_and_a_newcomer_keeps_the_stars():
    doc = template("village-member-stars")
    history = (
        PreviousResult(date(2023, 1, 1), 65.0, "two_stars"),
        PreviousResult(date(2022, 1, 1), 50.0, "one_star"),
    )
    subjects = [
        subject("old", "elderly", previous=history),
        subject("new", "floating", joined_on=date(2024, 9, 1)),
    ]
    events = [
        event("old", "study", "2024-06-30", points=5),  # 60 + 5 = 65 ★★ (third year below ★★★)
        event("new", "management", "2024-12-31", points=50),  # 40 + 50 = 90 ★★★★★
    ]
    r = simulate(doc, subjects, events)
    assert (r["old"].total, r["old"].grade) == (65.0, "two_stars")  # the grade stands
    assert "not_nominated_at_election" in r["old"].flags
    # joined 4 months before the year end: stars stand, but not a basis for honours
    assert (r["new"].stars, r["new"].grade) == (5, "five_stars")
    assert "no_honours_new_member" in r["new"].flags
