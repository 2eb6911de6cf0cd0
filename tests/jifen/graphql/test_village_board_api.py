"""The public red/black board (红黑榜): read without login, only where the household
ruleset publishes it, scoped to the tenant and the month."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


def _deduct(household, key: str, on: dt.date, points: int = -10) -> None:
    event_record(actor=system_actor(), data=EventInput(
        key=key, subject_id=household.pk, item="environment_fault", occurred_on=on,
        attributes={"points": points}))  # fmt: skip


def test_the_black_list_never_names_the_penalised_household(village, in_alpha, client_for):
    li = HouseholdFactory(name="李四户", home_unit_id=in_alpha.branch_1)
    _deduct(li, "fault-li", timezone.localdate())
    board = client_for("alpha").graphql(BOARD)["data"]["publicVillageBoard"]
    assert board["black"] == [{
        "item": "环境整治不达标(评议小组视情形扣分)", "group": board["red"][0]["group"],
        "occurredOn": str(timezone.localdate()), "points": -10.0,
    }]  # fmt: skip
    assert "李四" not in str(board) and [r["household"] for r in board["red"]] == ["张三户"]


def test_the_month_runs_from_its_first_to_its_last_day(in_alpha, client_for):
    publish_template("household-140-stars", "household", in_alpha.root, subject_kind="household")
    wang = HouseholdFactory(name="王五户", home_unit_id=in_alpha.branch_1)
    for key, day in (
        ("may-last", dt.date(2026, 5, 31)),
        ("june-first", dt.date(2026, 6, 1)),
        ("june-last", dt.date(2026, 6, 30)),
        ("july-first", dt.date(2026, 7, 1)),
    ):
        _deduct(wang, key, day)  # fmt: skip
    june = client_for("alpha").graphql(BOARD, {"month": "2026-06-17"})["data"]
    days = [row["occurredOn"] for row in june["publicVillageBoard"]["black"]]
    assert june["publicVillageBoard"]["month"] == "2026-06-01"
    assert days == ["2026-06-30", "2026-06-01"]  # the latest first


def test_the_board_costs_the_same_queries_for_a_larger_village(
    in_alpha, client_for, django_assert_max_num_queries
):
    publish_template("household-140-stars", "household", in_alpha.root, subject_kind="household")
    client = client_for("alpha")

    def add_households(count: int, start: int) -> None:
        for n in range(start, start + count):
            home = HouseholdFactory(name=f"户{n}", home_unit_id=in_alpha.branch_1)
            event_record(actor=system_actor(), data=EventInput(
                key=f"sorting-{n}", subject_id=home.pk, item="waste_sorting",
                occurred_on=timezone.localdate()))  # fmt: skip
            _deduct(home, f"fault-{n}", timezone.localdate(), points=-5)

    add_households(2, 0)
    with CaptureQueriesContext(connection) as small:
        client.graphql(BOARD)
    assert small.captured_queries  # the read is seen
    add_households(12, 2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        board = client.graphql(BOARD)["data"]["publicVillageBoard"]
    assert len(board["red"]) == 5 and len(board["black"]) == 10


def test_households_with_the_same_gain_share_a_place(village, in_alpha, client_for):
    for name, item in (("李四户", "waste_sorting"), ("王五户", "plants")):
        home = HouseholdFactory(name=name, home_unit_id=in_alpha.branch_1)
        event_record(actor=system_actor(), data=EventInput(
            key=f"tie-{name}", subject_id=home.pk, item=item,
            occurred_on=timezone.localdate()))  # fmt: skip
    red = client_for("alpha").graphql(BOARD)["data"]["publicVillageBoard"]["red"]
    assert [(r["rank"], r["points"]) for r in red] == [(1, 15.0), (1, 15.0), (3, 10.0)]
    assert red[2]["household"] == "王五户"
