"""Nested lists that grow with the data are bounded by `first` (default and maximum: their
cap), and the cost analysis counts them by that cap, not by a guess."""

from __future__ import annotations

import json

import pytest

from jifen.testing.clients import TenantClient
from tests.jifen.graphql.conftest import on_board


def ask(client: TenantClient, query: str, variables: dict | None = None):
    return client.post(
        "/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
    )


@pytest.mark.parametrize(
    ("language", "words"), [("en", "at most 500"), ("zh-hans", "500")], ids=["en", "zh"]
)
def test_a_nested_first_over_its_cap_is_refused_before_anything_runs(alpha, language, words):
    client = TenantClient("alpha", language=language)
    for query in (
        "{ boards(first: 1) { edges { node { results(first: 501) { total } } } } }",
        "{ accounts(first: 1) { edges { node { entries(first: 100000) { seq } } } } }",
        "query($n: Int) { hostReports(first: 1) { edges { node { lines(first: $n) { points } } } } }",
    ):
        response = ask(client, query, {"n": 501})
        assert response.status_code == 400, response.content
        [error] = response.json()["errors"]
        assert error["extensions"]["code"] == "TOO_MANY_ROWS"
        assert words in error["message"]
    if language == "zh-hans":
        assert "first" in error["message"] and "at most" not in error["message"]


def test_nested_lists_cost_the_rows_they_can_return(alpha):
    client = TenantClient("alpha")
    # 100 boards × up to 500 declarations × (the row, its subject, its unit): 150,100 objects
    wide = "{ boards(first: 100) { edges { node { declarations { subject { name } unit { name } } } } } }"
    response = ask(client, wide)
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    # the same page asking for 10 declarations a board fits
    narrow = wide.replace("declarations {", "declarations(first: 10) {")
    assert ask(client, narrow).status_code == 200


def test_first_returns_the_first_rows_and_refuses_a_negative_bound(users, client_for):
    on_board(users)
    client = client_for("alpha", "secretary_1")
    query = """query($n: Int) { boards(first: 5) { edges { node {
      all: declarations { id } some: declarations(first: $n) { id } } } } }"""
    result = client.graphql(query, {"n": 0})
    assert "errors" not in result, result
    [board] = [e["node"] for e in result["data"]["boards"]["edges"]]
    assert board["all"] and board["some"] == []
    result = client.graphql(query, {"n": 1})
    [board] = [e["node"] for e in result["data"]["boards"]["edges"]]
    assert board["some"] == board["all"][:1]
    refused = client.graphql(query, {"n": -1})
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "between 0 and 500" in refused["errors"][0]["message"]
