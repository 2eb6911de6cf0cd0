"""The points shop over GraphQL: balance, items, redeem; scoped like everything else."""

from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from jifen.access.services import system_actor
from jifen.graphql.ids import Node
from jifen.ledger.services import EventInput, event_record
from jifen.org.models import OrgUnit
from jifen.redemption.models import ShopItem
from jifen.subjects.models import Subject
from jifen.testing.worlds import publish_template

REDEEM = """mutation($s: ID!, $i: ID!, $k: String!) {
  redemptionMake(subject: $s, item: $i, key: $k) {
    redemption { quantity points } balance { available spent } errors { code message }
  }
}"""


@pytest.fixture
def shop(in_alpha):
    publish_template("zhongxiang-village", "zhongxiang", in_alpha.root)
    member = Subject.objects.get(name="甲县党员甲")
    event_record(actor=system_actor(), data=EventInput(key="rescue", subject_id=member.pk, item="rescue",
                                 occurred_on=timezone.localdate()))  # fmt: skip
    item = ShopItem.objects.create(unit=OrgUnit.objects.get(pk=in_alpha.root), name="大米",
                                   points=Decimal("25"))  # fmt: skip
    return {"s": Node.to_global_id("Subject", member.pk), "i": Node.to_global_id("ShopItem", item.pk),
            "unit": Node.to_global_id("OrgUnit", member.home_unit_id)}  # fmt: skip


def test_secretary_redeems_and_the_balance_drops(shop, client_for):
    client = client_for("alpha", "secretary_1")
    before = client.graphql(
        "query($s: ID!) { redeemableBalance(subject: $s) { available } }", {"s": shop["s"]}
    )
    assert before["data"]["redeemableBalance"] == {"available": 30.0}
    items = client.graphql(
        "query($u: ID!) { shopItems(unit: $u) { name points } }", {"u": shop["unit"]}
    )
    assert items["data"]["shopItems"] == [{"name": "大米", "points": 25.0}]
    made = client.graphql(REDEEM, {**shop, "k": "r1"})["data"]["redemptionMake"]
    assert made == {"redemption": {"quantity": 1, "points": 25.0},
                    "balance": {"available": 5.0, "spent": 25.0}, "errors": []}  # fmt: skip


def test_wrong_role_and_other_subtree_are_refused(shop, client_for):
    member = client_for("alpha", "member_1").graphql(REDEEM, {**shop, "k": "r2"})
    assert member["data"]["redemptionMake"]["errors"][0]["code"] == "PERMISSION_DENIED"
    other = client_for("alpha", "secretary_2").graphql(REDEEM, {**shop, "k": "r3"})
    assert other["data"]["redemptionMake"]["errors"][0]["code"] == "NOT_FOUND"


def test_another_tenants_ids_are_not_found(shop, beta, client_for):
    with schema_context("beta"):
        assert not ShopItem.objects.exists()
    result = client_for("beta", "county").graphql(REDEEM, {**shop, "k": "r4"})
    assert result["data"]["redemptionMake"]["errors"][0]["code"] == "NOT_FOUND"


def test_not_enough_points_is_a_clear_error(shop, client_for):
    client = client_for("alpha", "secretary_1")
    client.graphql(REDEEM, {**shop, "k": "a"})
    second = client.graphql(REDEEM, {**shop, "k": "b"})["data"]["redemptionMake"]
    assert second["errors"] == [{"code": "INVALID_STATE",
                                 "message": "大米 ×1 costs 25.00 points; 甲县党员甲 has 5.00 available."}]  # fmt: skip
