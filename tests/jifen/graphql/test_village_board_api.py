"""The public red/black board (红黑榜): read without login, only where the household
ruleset publishes it, scoped to the tenant and the month."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jifen.access.services import system_actor
from jifen.ledger.services import EventInput, event_record
from jifen.testing.factories import HouseholdFactory
from jifen.testing.worlds import publish_template

BOARD = """query($month: Date) { publicVillageBoard(month: $month) {
  month published reason red { rank household group points }
  black { item group occurredOn points } } }"""


@pytest.fixture
def village(in_alpha):
    publish_template("household-140-stars", "household", in_alpha.root, subject_kind="household")
    zhang = HouseholdFactory(name="张三户", home_unit_id=in_alpha.branch_1)
    event_record(actor=system_actor(), data=EventInput(
        key="sorting-zhang", subject_id=zhang.pk, item="waste_sorting",
        occurred_on=timezone.localdate()))  # fmt: skip
    return zhang


def test_the_public_reads_the_red_list_without_login(village, client_for):
    board = client_for("alpha").graphql(BOARD)["data"]["publicVillageBoard"]
    assert board["published"] is True and board["reason"] == ""
    assert board["month"] == str(timezone.localdate().replace(day=1))
    assert board["red"] == [
        {"rank": 1, "household": "张三户", "group": board["red"][0]["group"], "points": 15.0}
    ]
    assert board["black"] == []


def test_another_month_and_another_tenant_show_nothing(village, client_for):
    before = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    earlier = client_for("alpha").graphql(BOARD, {"month": str(before)})
    assert earlier["data"]["publicVillageBoard"]["red"] == []
    other = client_for("beta").graphql(BOARD)["data"]["publicVillageBoard"]
    assert other == {"month": other["month"], "published": False, "reason": "not_public",
                     "red": [], "black": []}  # fmt: skip
    assert "张三户" not in str(other)
