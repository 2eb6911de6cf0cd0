"""Golden tests of the community-stars template (seed 000 §14 l.715): a community party
organisation is rated 8星级以上, and a 实绩突出 unit is confirmed, only if its a and b members'
average points are at least 30 (the street's close gives it its members' results)."""

from __future__ import annotations

from tests.rulesets.helpers import event, simulate, subject, template


def _community(id, a=(), b=(), c=()):
    """A community subject with its members' year totals, as the street's close passes them."""
    attributes = {}
    for code, totals in (("a", a), ("b", b), ("c", c)):
        attributes[f"members_count_{code}"] = float(len(totals))
        attributes[f"members_total_{code}"] = float(sum(totals))
    return subject(id, "community", attributes=attributes)


def test_eight_stars_need_an_ab_average_of_thirty():
    doc = template("community-stars")
    communities = [
        # a: 40, 28; b: 25 → (40 + 28 + 25) / 3 = 31 ≥ 30: 8星级以上
        _community("east", a=[40, 28], b=[25], c=[5]),
        # a: 30, b: 29 → 29.5 < 30: not 8星级以上 although rated 9 (the c member does not count)
        _community("west", a=[30], b=[29], c=[90]),
        # exactly 30 (及以上): 8星级以上
        _community("north", a=[30], b=[30]),
        # 7 stars: below 8 whatever the average
        _community("south", a=[60]),
    ]
    stars = {"east": 8, "west": 9, "north": 8, "south": 7}
    events = [event(c, "star_level", "2024-12-15", points=n) for c, n in stars.items()]
    r = simulate(doc, communities, events)
    assert {c: (r[c].total, r[c].grade) for c in stars} == {
        "east": (8.0, "eight_star_plus"),
        "west": (9.0, "below_eight"),
        "north": (8.0, "eight_star_plus"),
        "south": (7.0, "below_eight"),
    }
    assert "requires_unmet:eight_star_plus" in r["west"].flags


def test_an_outstanding_unit_is_confirmed_only_with_the_average():
    doc = template("community-stars")
    communities = [_community("good", a=[35], b=[31]), _community("weak", a=[20], b=[35])]
    events = [event(c.id, "outstanding_unit", "2024-12-15") for c in communities]
    r = simulate(doc, communities, events)
    assert "outstanding_unit" in r["good"].flags
    assert "outstanding_refused" in r["weak"].flags  # (20 + 35) / 2 = 27.5
