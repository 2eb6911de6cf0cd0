"""The village's public red/black board (红黑榜): the households that gained most in a month
and the month's recent deductions, anonymous.

Only rulesets whose `public.village_board` is set publish it (`rulesets.visibility`). The
black list never carries a household, a person, a reason, a note or a username: only the
item's title, the household's group (its home unit) and the day and points. Both lists are
read in one query each over what counts (`ledger.selectors`), capped by the ruleset.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Sum
from django.utils import timezone

import rulesets
from jifen.ledger.models import Account
from jifen.ledger.selectors import entries_that_count
from jifen.rulebook.models import Ruleset
from jifen.rulebook.selectors import document_in_force
from rulesets.visibility import village_board


@dataclass(frozen=True)
class RedRow:
    rank: int
    household: str
    group: str
    points: Decimal


@dataclass(frozen=True)
class BlackRow:
    item: str
    group: str
    occurred_on: dt.date
    points: Decimal


@dataclass(frozen=True)
class VillageBoard:
    month: dt.date  # the month's first day
    published: bool
    reason: str  # why nothing is published ("" when published)
    red: list[RedRow]
    black: list[BlackRow]


def month_span(month: dt.date | None) -> tuple[dt.date, dt.date]:
    """The first and last day of `month`'s month (this month by default)."""
    day = month or timezone.localdate()
    first = day.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def village_board_get(*, month: dt.date | None = None) -> VillageBoard:
    """This tenant's red/black board for a month, from the household rulesets that publish
    it (as in force on the month's last day); unpublished when none does."""
    first, last = month_span(month)
    published: dict[int, dict[str, str]] = {}  # ruleset pk → item code → title
    red_size = black_size = 0
    for ruleset in Ruleset.objects.filter(assignments__subject_kind="household").distinct():
        document = document_in_force(ruleset, last)
        board = None if document is None else village_board(document)
        if board is None:
            continue
        published[ruleset.pk] = {
            i["code"]: i.get("title", i["code"]) for i in document.get("items") or ()
        }
        red_size = max(red_size, board.red_list_size)  # the validator caps both
        black_size = max(black_size, board.black_list_size)
    if not published:
        return VillageBoard(first, False, "not_public", [], [])
    counted = entries_that_count(
        accounts=Account.objects.filter(ruleset_id__in=published, subject__kind="household"),
        span=rulesets.Period(first, last),
    )
    gains = (
        counted.filter(points__gt=0)
        .values("subject_id", "subject__name", "subject__home_unit__name")
        .annotate(gained=Sum("points"))
        .order_by("-gained", "subject__name", "subject_id")[:red_size]
    )
    red: list[RedRow] = []
    for n, g in enumerate(gains, start=1):
        # households with the same gain share a place (1, 1, 3 …), as a notice board reads
        rank = red[-1].rank if red and red[-1].points == g["gained"] else n
        red.append(RedRow(rank, g["subject__name"], g["subject__home_unit__name"], g["gained"]))
    losses = (
        counted.filter(points__lt=0)
        .annotate(ruleset_id=F("account__ruleset_id"), group_name=F("subject__home_unit__name"))
        .values("item", "ruleset_id", "group_name", "occurred_on", "points")
        .order_by("-occurred_on", "-entry_id")[:black_size]
    )
    black = [
        BlackRow(
            published[d["ruleset_id"]].get(d["item"], d["item"]),
            d["group_name"],
            d["occurred_on"],
            d["points"],
        )
        for d in losses
    ]
    return VillageBoard(first, True, "", red, black)
