"""A village's points shop over GraphQL: goods and stock, requests handed over or
cancelled, the reward budget, the share of households that redeemed, the passbook."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from jifen.access.services import system_actor
from jifen.dashboards.selectors import dashboard_figures
from jifen.graphql.ids import Node
from jifen.ledger.services import EventInput, event_record
from jifen.notifications.models import Notification
from jifen.org.models import OrgUnit
from jifen.redemption.models import StockChange
from jifen.rulebook.services import (
    ruleset_assign,
    ruleset_draft_save,
    ruleset_fork,
    ruleset_publish,
)
from jifen.subjects.models import Subject
from jifen.testing.factories import HouseholdFactory
from jifen.testing.worlds import tenant_admin

gid = Node.to_global_id

CREATE = """mutation($u: ID!, $n: String!, $p: Float!, $s: Int, $l: Int) {
  shopItemCreate(unit: $u, name: $n, points: $p, stock: $s, lowStockAt: $l) {
    item { id name points stock lowStock } errors { code message field }
  }
}"""
REDEEM = """mutation($s: ID!, $i: ID!, $k: String!) {
  redemptionMake(subject: $s, item: $i, key: $k) {
    redemption { id status points } balance { available } errors { code message }
  }
}"""
HAND_OVER = """mutation($r: ID!) {
  redemptionHandOver(redemption: $r) { redemption { status } errors { code message } }
}"""
CANCEL = """mutation($r: ID!, $why: String!) {
  redemptionCancel(redemption: $r, reason: $why) { redemption { status } errors { code message } }
}"""
STOCK = """mutation($i: ID!, $c: Int!, $why: String!) {
  shopStockAdjust(item: $i, change: $c, reason: $why) {
    item { stock lowStock } errors { code message field }
  }
}"""
WINDOW = """mutation($u: ID!, $o: Date!, $c: Date!) {
  exchangeWindowAdd(unit: $u, opensOn: $o, closesOn: $c) {
    window { opensOn closesOn } errors { code message field }
  }
}"""
PICKUP = """mutation($u: ID!, $n: String!) {
  pickupPointAdd(unit: $u, name: $n, address: "村委会一楼") {
    pickupPoint { name } errors { code message }
  }
}"""
UPDATE = """mutation($i: ID!) {
  shopItemUpdate(item: $i, name: "大豆油", points: 6, lowStockAt: 1) {
    item { name points } errors { code message }
  }
}"""
BUDGET = """query($u: ID!) {
  rewardBudget(unit: $u) { capped capYuan spentYuan remainingYuan households
                           householdsRedeemed shareRedeemed }
}"""
PASSBOOK = """query($s: ID!) { passbook(subject: $s) { kind text points balance } }"""


@pytest.fixture
def village(in_alpha):
    """Two households of 甲县一支部 under a household ruleset with a budget of 6 yuan per
    household a year at 1 yuan a point; 党员甲 (member_1) belongs to 张三户."""
    admin = tenant_admin()
    ruleset = ruleset_fork(actor=admin, template="household-140-stars", code="household")
    draft = ruleset.versions.get()
    text = draft.text.replace(
        "  reset: never\n", "  reset: never\n  budget: {yuan_per_subject: 6, yuan_per_point: 1}\n"
    )
    assert text != draft.text
    ruleset_draft_save(actor=admin, ruleset=ruleset, text=text)
    ruleset_publish(actor=admin, version=ruleset.versions.get(), effective_from=dt.date(2020, 1, 1))
    root = OrgUnit.objects.get(pk=in_alpha.root)
    ruleset_assign(actor=admin, unit=root, ruleset=ruleset, subject_kind="household")
    zhang = HouseholdFactory(name="张三户", home_unit_id=in_alpha.branch_1)
    li = HouseholdFactory(name="李四户", home_unit_id=in_alpha.branch_1)
    Subject.objects.filter(name="甲县党员甲").update(household=zhang)
    for household in (zhang, li):
        event_record(actor=system_actor(), data=EventInput(
            key=f"sorting-{household.pk}", subject_id=household.pk, item="waste_sorting",
            occurred_on=timezone.localdate()))  # fmt: skip
    return {"unit": gid("OrgUnit", in_alpha.branch_1), "zhang": gid("Subject", zhang.pk),
            "li": gid("Subject", li.pk)}  # fmt: skip


def _oil(client, village, stock=5):
    made = client.graphql(CREATE, {"u": village["unit"], "n": "食用油", "p": 5, "s": stock,
                                   "l": 3})["data"]["shopItemCreate"]  # fmt: skip
    assert made["errors"] == []
    return made["item"]


def test_a_village_year_in_the_shop(village, client_for):
    keeper = client_for("alpha", "secretary_1")
    household = client_for("alpha", "member_1")
    oil = _oil(keeper, village)
    assert oil == {"id": oil["id"], "name": "食用油", "points": 5.0, "stock": 5, "lowStock": False}
    # the catalogue's ids are the ids the redemption call takes
    [listed] = household.graphql("query($u: ID!) { shopItems(unit: $u) { id } }",
                                 {"u": village["unit"]})["data"]["shopItems"]  # fmt: skip
    assert listed["id"] == oil["id"]

    first = keeper.graphql(REDEEM, {"s": village["zhang"], "i": oil["id"], "k": "z1"})
    first = first["data"]["redemptionMake"]
    assert first["redemption"]["status"] == "REQUESTED" and first["balance"] == {"available": 10.0}
    assert keeper.graphql(BUDGET, {"u": village["unit"]})["data"]["rewardBudget"] == {
        "capped": True, "capYuan": 12.0, "spentYuan": 5.0, "remainingYuan": 7.0,
        "households": 2, "householdsRedeemed": 1, "shareRedeemed": 0.5,
    }  # fmt: skip
    second = keeper.graphql(REDEEM, {"s": village["li"], "i": oil["id"], "k": "l1"})
    second = second["data"]["redemptionMake"]["redemption"]
    # the stock fell to the threshold: flagged, and the shop keepers are told
    [item] = keeper.graphql("query($u: ID!) { shopItems(unit: $u) { stock lowStock } }",
                            {"u": village["unit"]})["data"]["shopItems"]  # fmt: skip
    assert item == {"stock": 3, "lowStock": True}
    [warning] = Notification.objects.filter(kind="shop_low_stock")
    assert warning.recipient.username == "secretary_1"
    assert warning.title == "食用油：甲县一支部积分超市仅剩 3 件"  # the keeper's language

    # 张三户 still has 10 points, but the village's budget has 2 yuan left
    third = keeper.graphql(REDEEM, {"s": village["zhang"], "i": oil["id"], "k": "z2"})
    assert third["data"]["redemptionMake"]["errors"] == [{"code": "INVALID_STATE", "message": (
        f"食用油 ×1 would cost 5.00 yuan of the {timezone.localdate().year} reward budget of "
        "甲县一支部; 2.00 yuan of 12.00 remain.")}]  # fmt: skip

    # handed over once (again is a no-op); 李四户's request is cancelled, points come back
    done = keeper.graphql(HAND_OVER, {"r": first["redemption"]["id"]})["data"]
    assert done["redemptionHandOver"] == {"redemption": {"status": "HANDED_OVER"}, "errors": []}
    again = keeper.graphql(HAND_OVER, {"r": first["redemption"]["id"]})["data"]
    assert again["redemptionHandOver"]["redemption"] == {"status": "HANDED_OVER"}
    late = keeper.graphql(CANCEL, {"r": first["redemption"]["id"], "why": "x"})["data"]
    assert late["redemptionCancel"]["errors"][0]["code"] == "INVALID_STATE"
    cancelled = keeper.graphql(CANCEL, {"r": second["id"], "why": "户主不需要了"})["data"]
    assert cancelled["redemptionCancel"] == {"redemption": {"status": "CANCELLED"}, "errors": []}
    balance = keeper.graphql("query($s: ID!) { redeemableBalance(subject: $s) { available } }",
                             {"s": village["li"]})["data"]["redeemableBalance"]  # fmt: skip
    assert balance == {"available": 15.0}
    figures = dashboard_figures(
        unit=OrgUnit.objects.get(name="甲县一支部"), on=timezone.localdate()
    )
    assert figures["redeemers"] == 1  # a cancelled redemption does not count
    assert list(StockChange.objects.order_by("pk").values_list("change", "stock_after")) == [
        (5, 5), (-1, 4), (-1, 3), (1, 4)
    ]  # fmt: skip

    # the household reads its own passbook; another branch's secretary sees nothing
    assert household.graphql(PASSBOOK, {"s": village["zhang"]})["data"]["passbook"] == [
        {"kind": "ENTRY", "text": "垃圾分类处理,践行厨余堆肥等环保生活方式(当年)", "points": 15.0, "balance": 15.0},
        {"kind": "REDEMPTION", "text": "食用油 ×1", "points": -5.0, "balance": 10.0},
    ]  # fmt: skip
    other = client_for("alpha", "secretary_2").graphql(PASSBOOK, {"s": village["zhang"]})
    assert other["data"]["passbook"] == []
    assert household.graphql(PASSBOOK, {"s": village["li"]})["data"]["passbook"] == []


def test_outside_an_exchange_window_the_refusal_names_the_next_one(village, client_for):
    keeper = client_for("alpha", "secretary_1")
    oil = _oil(keeper, village)
    today = timezone.localdate()
    opens, closes = today + dt.timedelta(days=10), today + dt.timedelta(days=12)
    added = keeper.graphql(WINDOW, {"u": village["unit"], "o": str(opens), "c": str(closes)})
    assert added["data"]["exchangeWindowAdd"]["errors"] == []
    refused = keeper.graphql(REDEEM, {"s": village["zhang"], "i": oil["id"], "k": "w"})
    assert refused["data"]["redemptionMake"]["errors"] == [{"code": "INVALID_STATE", "message": (
        f"the points shop of 甲县一支部 is closed on {today}; next open {opens} to {closes}.")}]  # fmt: skip
    backwards = keeper.graphql(WINDOW, {"u": village["unit"], "o": str(closes), "c": str(opens)})
    assert backwards["data"]["exchangeWindowAdd"]["errors"][0]["field"] == "closesOn"


def test_stock_changes_need_a_reason_and_never_go_below_zero(village, client_for):
    keeper = client_for("alpha", "secretary_1")
    oil = _oil(keeper, village, stock=2)
    no_reason = keeper.graphql(STOCK, {"i": oil["id"], "c": 4, "why": " "})["data"]
    assert no_reason["shopStockAdjust"]["errors"][0]["field"] == "reason"
    too_many = keeper.graphql(STOCK, {"i": oil["id"], "c": -3, "why": "过期"})["data"]
    assert too_many["shopStockAdjust"]["errors"] == [{"code": "VALIDATION_FAILED", "field": "change",
        "message": "食用油 has 2 in stock; it cannot go down by 3."}]  # fmt: skip
    delivered = keeper.graphql(STOCK, {"i": oil["id"], "c": 4, "why": "到货"})["data"]
    assert delivered["shopStockAdjust"]["item"] == {"stock": 6, "lowStock": False}


def _mutations(village, oil_id, redemption_id):
    return [
        ("shopItemCreate", CREATE, {"u": village["unit"], "n": "米", "p": 3, "s": 1, "l": 0}),
        ("shopItemUpdate", UPDATE, {"i": oil_id}),
        ("shopStockAdjust", STOCK, {"i": oil_id, "c": 1, "why": "到货"}),
        ("exchangeWindowAdd", WINDOW, {"u": village["unit"], "o": "2026-12-20", "c": "2026-12-21"}),
        ("pickupPointAdd", PICKUP, {"u": village["unit"], "n": "村委会"}),
        ("redemptionHandOver", HAND_OVER, {"r": redemption_id}),
        ("redemptionCancel", CANCEL, {"r": redemption_id, "why": "x"}),
    ]


@pytest.fixture
def kept(village, client_for):
    keeper = client_for("alpha", "secretary_1")
    oil = _oil(keeper, village)
    made = keeper.graphql(REDEEM, {"s": village["li"], "i": oil["id"], "k": "p"})
    return village, oil["id"], made["data"]["redemptionMake"]["redemption"]["id"]


@pytest.mark.parametrize("index", range(7))
def test_shop_keeping_is_for_the_shop_keepers_of_the_unit(kept, beta, client_for, index):
    name, query, variables = _mutations(*kept)[index]
    wrong_role = client_for("alpha", "recorder_1").graphql(query, variables)["data"][name]
    assert wrong_role["errors"][0]["code"] == "PERMISSION_DENIED", name
    other_subtree = client_for("alpha", "secretary_2").graphql(query, variables)["data"][name]
    assert other_subtree["errors"][0]["code"] == "NOT_FOUND", name
    # beta's schema has units with the same database ids (its own, where its county user
    # keeps no shop); alpha's items and redemptions are not found there at all
    other_tenant = client_for("beta", "county").graphql(query, variables)["data"][name]
    expected = ("NOT_FOUND",) if "u" not in variables else ("NOT_FOUND", "PERMISSION_DENIED")
    assert other_tenant["errors"][0]["code"] in expected, name
    allowed = client_for("alpha", "secretary_1").graphql(query, variables)["data"][name]
    assert allowed["errors"] == [], name
    with schema_context("beta"):
        assert not StockChange.objects.exists()


MOVE = """mutation($s: ID!, $u: ID!) {
  householdMove(subject: $s, unit: $u) { movedOn errors { code message field } }
}"""


def test_a_household_moves_within_its_township_with_its_passbook(village, in_alpha, client_for):
    keeper = client_for("alpha", "secretary_1")
    oil = _oil(keeper, village)
    keeper.graphql(REDEEM, {"s": village["zhang"], "i": oil["id"], "k": "before-move"})
    to_b2 = {"s": village["zhang"], "u": gid("OrgUnit", in_alpha.branch_2)}
    # a branch secretary sees only their own branch, and does not move households
    stay = {"s": village["zhang"], "u": village["unit"]}
    wrong_role = keeper.graphql(MOVE, stay)["data"]["householdMove"]
    assert wrong_role["errors"][0]["code"] == "PERMISSION_DENIED"
    other_tenant = client_for("beta", "county").graphql(MOVE, to_b2)["data"]["householdMove"]
    assert other_tenant["errors"][0]["code"] == "NOT_FOUND"
    township = client_for("alpha", "township_1")
    away = {"s": village["zhang"], "u": gid("OrgUnit", in_alpha.branch_3)}
    outside = township.graphql(MOVE, away)["data"]["householdMove"]
    assert outside["errors"][0]["code"] == "NOT_FOUND"  # 三支部 is not the township's
    moved = township.graphql(MOVE, to_b2)["data"]["householdMove"]
    assert moved["errors"] == []
    zhang = Subject.objects.get(name="张三户")
    assert zhang.home_unit_id == in_alpha.branch_2
    assert Subject.objects.get(name="甲县党员甲").home_unit_id == in_alpha.branch_2
    # the new branch's secretary reads the same passbook; the old one no longer sees it
    lines = client_for("alpha", "secretary_2").graphql(PASSBOOK, {"s": village["zhang"]})
    assert [line["balance"] for line in lines["data"]["passbook"]] == [15.0, 10.0]
    assert keeper.graphql(PASSBOOK, {"s": village["zhang"]})["data"]["passbook"] == []
    county = client_for("alpha", "county")
    beyond = county.graphql(MOVE, away)["data"]["householdMove"]
    assert beyond["errors"] == [{"code": "INVALID_STATE", "field": "unit", "message":
        "张三户 can move only within 甲县一镇党委; 甲县三支部 is outside it."}]  # fmt: skip
