"""The points shop from the household's side: its members request their own redemptions,
items are looked up only in shops serving the caller, and the household is told when the
goods are ready for pickup and when they were handed over."""

from urllib.parse import quote

from jifen.graphql.ids import Node
from jifen.notifications.models import Notification
from tests.jifen.graphql.test_shop_api import _oil, village  # noqa: F401 (the fixture)

gid = Node.to_global_id

REDEEM = """mutation($s: ID!, $i: ID!, $k: String!) {
  redemptionMake(subject: $s, item: $i, key: $k) {
    redemption { id status } errors { code field message }
  }
}"""
READY = """mutation($r: ID!) {
  redemptionMarkReady(redemption: $r) { redemption { status } errors { code message } }
}"""
HAND_OVER = """mutation($r: ID!) {
  redemptionHandOver(redemption: $r) { redemption { status } errors { code message } }
}"""
CREATE = """mutation($u: ID!) {
  shopItemCreate(unit: $u, name: "洗衣粉", points: 2, stock: 9) { item { id } errors { code } }
}"""


def _errors(result, name):
    return [(e["code"], e["field"]) for e in result["data"][name]["errors"]]


def test_a_household_member_requests_their_own_redemption(village, client_for):  # noqa: F811
    oil = _oil(client_for("alpha", "secretary_1"), village)
    member = client_for("alpha", "member_1")  # 党员甲, of 张三户
    made = member.graphql(REDEEM, {"s": village["zhang"], "i": oil["id"], "k": "own-1"})
    assert made["data"]["redemptionMake"]["errors"] == []
    assert made["data"]["redemptionMake"]["redemption"]["status"] == "REQUESTED"
    # not for another household (not visible to a member)
    other = member.graphql(REDEEM, {"s": village["li"], "i": oil["id"], "k": "own-2"})
    assert _errors(other, "redemptionMake") == [("NOT_FOUND", "subject")]
    # another tenant's member with the same ids
    foreign = client_for("beta", "member_1").graphql(
        REDEEM, {"s": village["zhang"], "i": oil["id"], "k": "own-3"}
    )
    assert _errors(foreign, "redemptionMake")[0][0] == "NOT_FOUND"


def test_an_item_of_a_shop_outside_the_callers_units_is_not_found(
    village,  # noqa: F811
    in_alpha,
    client_for,
):
    made = client_for("alpha", "secretary_2").graphql(
        CREATE, {"u": gid("OrgUnit", in_alpha.branch_2)}
    )
    other_shop = made["data"]["shopItemCreate"]["item"]["id"]
    for user in ("secretary_1", "member_1"):
        refused = client_for("alpha", user).graphql(
            REDEEM, {"s": village["zhang"], "i": other_shop, "k": f"x-{user}"}
        )
        assert _errors(refused, "redemptionMake") == [("NOT_FOUND", "item")], user
    # the item's own keeper still finds it (for a household of their branch: none there)
    kept = client_for("alpha", "secretary_2").graphql(
        REDEEM, {"s": village["zhang"], "i": other_shop, "k": "x-2"}
    )
    assert _errors(kept, "redemptionMake") == [("NOT_FOUND", "subject")]


def test_the_household_is_told_when_goods_are_ready_and_handed_over(
    village,  # noqa: F811
    client_for,
):
    keeper = client_for("alpha", "secretary_1")
    oil = _oil(keeper, village)
    made = client_for("alpha", "member_1").graphql(
        REDEEM, {"s": village["zhang"], "i": oil["id"], "k": "ready-1"}
    )
    redemption = made["data"]["redemptionMake"]["redemption"]["id"]
    # wrong role: the household's own member; other subtree: another branch's keeper
    assert (
        client_for("alpha", "member_1").graphql(READY, {"r": redemption})["data"][
            "redemptionMarkReady"
        ]["errors"][0]["code"]
        == "PERMISSION_DENIED"
    )
    assert (
        client_for("alpha", "secretary_2").graphql(READY, {"r": redemption})["data"][
            "redemptionMarkReady"
        ]["errors"][0]["code"]
        == "NOT_FOUND"
    )
    ready = keeper.graphql(READY, {"r": redemption})["data"]["redemptionMarkReady"]
    assert ready == {"redemption": {"status": "READY"}, "errors": []}
    assert keeper.graphql(READY, {"r": redemption})["data"]["redemptionMarkReady"]["errors"] == []
    [told] = Notification.objects.filter(kind="redemption_ready")
    assert told.recipient.username == "member_1"
    assert told.title == "食用油 ×1 已备好，请到甲县一支部领取"  # in the member's language
    assert told.link == f"/subjects/{quote(village['zhang'], safe='')}"
    handed = keeper.graphql(HAND_OVER, {"r": redemption})["data"]["redemptionHandOver"]
    assert handed == {"redemption": {"status": "HANDED_OVER"}, "errors": []}
    [receipt] = Notification.objects.filter(kind="redemption_handed_over")
    assert receipt.recipient.username == "member_1" and receipt.title == "食用油 ×1 已交付张三户"
    again = keeper.graphql(READY, {"r": redemption})["data"]["redemptionMarkReady"]
    assert [e["code"] for e in again["errors"]] == ["INVALID_STATE"]
    foreign = client_for("beta", "admin").graphql(READY, {"r": redemption})
    assert foreign["data"]["redemptionMarkReady"]["errors"][0]["code"] == "NOT_FOUND"
