"""The API answers in the caller's language: Chinese by default, English when asked."""

from jifen.access.models import User
from jifen.access.services import token_create
from jifen.testing.clients import TenantClient
from tests.jifen.graphql.conftest import gid

ANSWER = """mutation($o: ID!) { objectionAnswer(objection: $o, answer: "x", outcome: UPHELD) {
  errors { field code message } } }"""


def _client(in_alpha, language):
    token = token_create(user=User.objects.get(username="secretary_1"), name="test")
    return TenantClient("alpha", token, language=language)


def _error(client):
    [error] = client.graphql(ANSWER, {"o": gid("Objection", 999)})["data"]["objectionAnswer"][
        "errors"
    ]
    return error


def test_a_refusal_comes_in_chinese_by_default_and_in_english_when_asked(in_alpha):
    chinese = _error(_client(in_alpha, "zh-CN,zh;q=0.9"))
    english = _error(_client(in_alpha, "en-GB,en;q=0.8"))
    assert chinese["code"] == english["code"] == "NOT_FOUND"
    assert chinese["message"] == "没有此编号的objection，或您无权查看。"
    assert english["message"] == "No objection with this id that you may see."
