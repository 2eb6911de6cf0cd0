"""The API answers in the caller's language: Chinese by default, English when asked.

Each refusal below is asked for in both languages: the message is the same sentence, the
Chinese one from the platform catalogue, with role labels and nouns translated too.
"""

from decimal import Decimal

import pytest
from django.utils import timezone, translation

from jifen.access.models import User
from jifen.access.services import system_actor, token_create
from jifen.graphql.ids import Node
from jifen.ledger.services import EventInput, event_record
from jifen.org.models import OrgUnit
from jifen.redemption.models import ShopItem
from jifen.subjects.models import Subject
from jifen.testing.clients import TenantClient
from jifen.testing.worlds import publish_template
from tenants.errors import TenantError
from tenants.services import tenant_create
from tests.jifen.graphql.conftest import gid

ANSWER = """mutation($o: ID!) { objectionAnswer(objection: $o, answer: "x", outcome: UPHELD) {
  errors { field code message } } }"""

REVIEW = """mutation($d: ID!) { declarationReview(declaration: $d, decision: ACCEPT) {
  errors { field code message } } }"""

REDEEM = """mutation($s: ID!, $i: ID!, $k: String!, $q: Int) {
  redemptionMake(subject: $s, item: $i, key: $k, quantity: $q) {
    redemption { quantity } errors { field code message } } }"""


def _client(in_alpha, language, username="secretary_1"):
    token = token_create(user=User.objects.get(username=username), name="test")
    return TenantClient("alpha", token, language=language)


def _both(in_alpha, query, variables, mutation, username="secretary_1"):
    """The one error of `mutation` asked in Chinese, and in English."""
    answers = []
    for language in ("zh-CN,zh;q=0.9", "en-GB,en;q=0.8"):
        result = _client(in_alpha, language, username).graphql(query, variables)
        [error] = result["data"][mutation]["errors"]
        answers.append(error)
    return answers


def _error(client):
    [error] = client.graphql(ANSWER, {"o": gid("Objection", 999)})["data"]["objectionAnswer"][
        "errors"
    ]
    return error


def test_a_refusal_comes_in_chinese_by_default_and_in_english_when_asked(in_alpha):
    chinese = _error(_client(in_alpha, "zh-CN,zh;q=0.9"))
    english = _error(_client(in_alpha, "en-GB,en;q=0.8"))
    assert chinese["code"] == english["code"] == "NOT_FOUND"
    assert chinese["message"] == "没有此编号的异议，或您无权查看。"
    assert english["message"] == "No objection with this id that you may see."


def test_a_declaration_that_is_not_there_is_not_found_in_both_languages(in_alpha):
    chinese, english = _both(in_alpha, REVIEW, {"d": gid("Declaration", 999)}, "declarationReview")
    assert chinese == {
        "field": "declaration",
        "code": "NOT_FOUND",
        "message": "没有此编号的申报，或您无权查看。",
    }
    assert english == {
        "field": "declaration",
        "code": "NOT_FOUND",
        "message": "No declaration with this id that you may see.",
    }


@pytest.fixture
def shop(in_alpha):
    """A shop item of 25 points at the county; 甲县党员甲 has 30 redeemable points."""
    publish_template("zhongxiang-village", "zhongxiang", in_alpha.root)
    member = Subject.objects.get(name="甲县党员甲")
    event_record(actor=system_actor(), data=EventInput(key="rescue", subject_id=member.pk,
                 item="rescue", occurred_on=timezone.localdate()))  # fmt: skip
    item = ShopItem.objects.create(
        unit=OrgUnit.objects.get(pk=in_alpha.root), name="大米", points=Decimal("25")
    )
    return {
        "s": Node.to_global_id("Subject", member.pk),
        "i": Node.to_global_id("ShopItem", item.pk),
    }


def test_a_permission_refusal_names_the_roles_in_the_callers_language(shop, in_alpha):
    # a member may not run the points shop: administrators, secretaries and grid workers do
    chinese, english = _both(in_alpha, REDEEM, {**shop, "k": "r1"}, "redemptionMake", "member_1")
    assert chinese["code"] == english["code"] == "PERMISSION_DENIED"
    assert chinese["message"] == (
        "在甲县一支部办理积分兑换，须具备以下角色之一：租户管理员、支部书记、网格员。"
    )
    assert english["message"] == (
        "redeeming points at 甲县一支部 needs one of: Tenant administrator, Branch secretary, "
        "Grid worker."
    )


def test_the_same_key_for_another_redemption_is_a_conflict_in_both_languages(shop, in_alpha):
    client = _client(in_alpha, "en")
    made = client.graphql(REDEEM, {**shop, "k": "k1", "q": 1})["data"]["redemptionMake"]
    assert made["errors"] == []
    chinese, english = _both(in_alpha, REDEEM, {**shop, "k": "k1", "q": 2}, "redemptionMake")
    assert chinese["code"] == english["code"] == "CONFLICT"
    assert chinese["field"] == english["field"] == "key"
    assert chinese["message"] == (
        "幂等键 'k1' 已用于内容不同的另一条兑换记录（甲县党员甲 大米 (25.00 分) ×1）；"
        "新的事实请使用新的键。"
    )
    assert english["message"] == (
        "key 'k1' was already used for a different redemption (甲县党员甲 大米 (25.00 分) ×1); "
        "use a new key for a new fact."
    )


def test_not_enough_points_in_the_shop_is_said_in_both_languages(shop, in_alpha):
    # 30 points, 25 spent on the first bag of rice: 5 left, a second bag costs 25
    first = _client(in_alpha, "en").graphql(REDEEM, {**shop, "k": "a"})["data"]["redemptionMake"]
    assert first["errors"] == []
    chinese, english = _both(in_alpha, REDEEM, {**shop, "k": "b"}, "redemptionMake")
    assert chinese["message"] == "大米 ×1 需 25.00 积分；甲县党员甲 可用积分为 5.00。"
    assert english["message"] == "大米 ×1 costs 25.00 points; 甲县党员甲 has 5.00 available."


def test_an_unknown_token_is_refused_in_the_callers_language(in_alpha):
    for language, message in (
        ("zh-hans", "访问令牌无效：不存在、已过期、已撤销或属于其他租户。"),
        ("en", "The bearer token is unknown, expired, revoked, or of another tenant."),
    ):
        response = TenantClient("alpha", "not-a-token", language=language).post("/graphql")
        assert response.status_code == 401
        assert response.json()["message"] == message


def test_a_tenant_refusal_speaks_the_operators_language(worlds, db):
    with translation.override("zh-hans"), pytest.raises(TenantError) as chinese:
        tenant_create(slug="public", name="x", family="county")
    with pytest.raises(TenantError) as english:
        tenant_create(slug="public", name="x", family="county")
    assert chinese.value.message == "租户标识 'public' 为系统保留；请另选一个。"
    assert english.value.message == "slug 'public' is reserved; choose another."
