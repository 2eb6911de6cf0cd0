"""The village's and the school's demo: a shop with photos, households with points and
redemptions, a household member's login; a class's week and a parent's login."""

import datetime as dt

from jifen.demo.builders import build_family
from jifen.demo.provision import demo_ruleset_assign
from jifen.demo.showcase import photo_png, school_showcase, village_showcase
from jifen.ledger.models import Entry
from jifen.org.services import unit_root
from jifen.redemption.models import Redemption, ShopItem
from jifen.redemption.selectors import budget_of, village_ranking
from jifen.rulebook.selectors import applicable_for
from jifen.school.models import Guardian
from jifen.school.selectors import class_week
from jifen.subjects.models import Subject

TODAY = dt.date(2026, 12, 2)


def test_photo_tiles_are_pngs():
    assert photo_png((1, 2, 3)).startswith(b"\x89PNG\r\n\x1a\n")


def test_the_village_demo_has_a_shop_points_and_a_household_login(in_alpha):
    root = unit_root()
    build_family("village", root)
    demo_ruleset_assign(family="village", root=root, today=TODAY)
    booked = village_showcase(root, today=TODAY)
    assert village_showcase(root, today=TODAY) == 0  # idempotent: nothing booked twice
    assert booked == Entry.objects.filter(account__subject__kind="household").count() > 30
    items = ShopItem.objects.order_by("points")
    assert items.count() == 5 and all(i.photo_id for i in items)
    assert [i.name for i in items if i.low_stock] == ["洗衣粉 2kg"]
    assert sorted(Redemption.objects.values_list("status", flat=True)) == [
        "handed_over",
        "requested",
    ]
    member = Subject.objects.get(user__username="household_01")
    assert member.household.home_unit.code == "PD-01"
    village = items.first().unit
    spec = applicable_for(village, "household", TODAY).document["redemption"]
    budget = budget_of(unit=village, spec=spec, year=TODAY.year, kind="household")
    assert budget.cap_yuan == 280  # 2 yuan × 140 households
    ranking = village_ranking(unit=village, on=TODAY)
    assert ranking.lines[0].rank == 1 and ranking.lines[0].stars == 5


def test_the_school_demo_has_a_week_and_a_parent(in_alpha):
    root = unit_root()
    build_family("school", root)
    demo_ruleset_assign(family="school", root=root, today=TODAY)
    assert school_showcase(root, today=TODAY) > 0
    assert school_showcase(root, today=TODAY) == 0
    [link] = Guardian.objects.all()
    assert link.user.username == "parent_31"
    week = class_week(unit=link.pupil.home_unit, on=TODAY)
    assert sum(len(x.entries) for x in week.lines) > 10
