"""Documents that would exhaust the server are refused before execution, with a code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import override_settings

from jifen.graphql import limits
from jifen.graphql.api import schema
from jifen.testing.clients import TenantClient

FRONTEND_DOCUMENTS = Path(__file__).resolve().parents[2] / "frontend/src/graphql/gql.ts"


def post(client: TenantClient, body: str | bytes):
    return client.post("/graphql", data=body, content_type="application/json")


def ask(client: TenantClient, query: str, variables: dict | None = None):
    return post(client, json.dumps({"query": query, "variables": variables or {}}))


def code_of(response) -> str:
    return response.json()["errors"][0]["extensions"]["code"]


def fragment_bomb(n: int) -> str:
    """A ~1 KB query whose fragments expand to 2^n selections."""
    parts = ["fragment F0 on Query { me { username } }"]
    parts += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, n + 1)]
    return f"query {{ ...F{n} }}\n" + "\n".join(parts)


@pytest.fixture
def anonymous(alpha):
    return TenantClient("alpha")


@pytest.mark.parametrize("n", [22, 30, 60])
def test_exponential_fragments_are_refused(anonymous, n):
    response = ask(anonymous, fragment_bomb(n))
    assert response.status_code == 400
    assert code_of(response) == "TOO_MANY_FIELDS"


def test_a_few_nested_fragments_still_run(anonymous):
    response = ask(anonymous, fragment_bomb(3))
    assert response.status_code == 200, response.content
    assert response.json()["data"] == {"me": None}


def test_circular_fragments_are_a_400_with_a_code(anonymous):
    response = ask(
        anonymous, "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }"
    )
    assert response.status_code == 400
    assert code_of(response) == "FRAGMENT_CYCLE"


@pytest.mark.parametrize("count", [100, 1000])
def test_many_aliases_are_refused(anonymous, count):
    query = "query {" + " ".join(f"a{i}: me {{ username }}" for i in range(count)) + "}"
    response = ask(anonymous, query)
    assert response.status_code == 400
    # a thousand no longer fit in a document; a hundred do, and are too many aliases
    assert code_of(response) in ("TOO_MANY_ALIASES", "QUERY_TOO_LARGE")
    if count == 100:
        assert code_of(response) == "TOO_MANY_ALIASES"


def test_a_three_megabyte_query_is_refused(anonymous):
    query = "query { me { " + "username " * 330_000 + "} }"
    response = ask(anonymous, query)
    assert response.status_code == 400
    assert code_of(response) == "QUERY_TOO_LARGE"


def test_too_many_tokens_are_refused(anonymous):
    query = "query { me { " + "username " * 2_100 + "} }"  # under the size limit
    response = ask(anonymous, query)
    assert response.status_code == 400
    assert code_of(response) == "TOO_MANY_TOKENS"


def test_deep_queries_are_refused(anonymous):
    query = "query { me { " + "roles { unit { " * 6 + "id" + " } }" * 6 + " } }"
    response = ask(anonymous, query)
    assert response.status_code == 400
    assert code_of(response) in ("QUERY_TOO_DEEP", "GRAPHQL_VALIDATION_FAILED")


def test_nested_lists_multiply_their_sizes_against_the_budget(anonymous):
    big = """query { boards(first: 500) { edges { node { id
        declarations { id entries { points } objections { id } } } } } }"""
    response = ask(anonymous, big)
    assert response.status_code == 400
    assert code_of(response) == "QUERY_TOO_COSTLY"


def test_connection_sizes_from_variables_count(anonymous):
    query = """query Q($n: Int) { boards(first: $n) { edges { node { id
        declarations { id entries { points } objections { id } } } } } }"""
    assert code_of(ask(anonymous, query, {"n": 500})) == "QUERY_TOO_COSTLY"
    assert ask(anonymous, query, {"n": 5}).status_code == 200


@pytest.mark.parametrize("depth", [50, 5_000, 200_000])
def test_deeply_nested_json_variables_are_a_400(anonymous, depth):
    body = '{"query": "query { me { username } }", "variables": {"x": ' + "[" * depth
    body += "]" * depth + "}}"
    response = post(anonymous, body)
    assert response.status_code == 400
    assert code_of(response) in ("VARIABLES_TOO_DEEP", "BODY_TOO_DEEP")


def test_variables_that_are_not_an_object_are_a_400(anonymous):
    response = post(anonymous, json.dumps({"query": "{ me { username } }", "variables": [1]}))
    assert response.status_code == 400
    assert code_of(response) == "INVALID_VARIABLES"


def test_refusals_are_in_the_callers_language(alpha):
    response = ask(TenantClient("alpha", language="zh-hans"), fragment_bomb(30))
    assert response.status_code == 400
    assert re.search(r"[\u4e00-\u9fff]", response.json()["errors"][0]["message"])


def test_only_one_login_attempt_per_request(anonymous):
    query = (
        "mutation {"
        + " ".join(
            f'a{i}: tokenCreate(username: "x", password: "p{i}") {{ token }}' for i in range(3)
        )
        + "}"
    )
    response = ask(anonymous, query)
    assert response.status_code == 400
    assert code_of(response) == "ONE_LOGIN_PER_REQUEST"


@override_settings(GRAPHQL_RATE_ANONYMOUS="5/m")
def test_anonymous_callers_are_rate_limited(alpha):
    client = TenantClient("alpha")
    client.defaults["REMOTE_ADDR"] = "203.0.113.7"
    statuses = [ask(client, "{ me { username } }").status_code for _ in range(8)]
    assert statuses[:5] == [200] * 5
    assert statuses[-1] == 429
    limited = ask(client, "{ me { username } }")
    assert code_of(limited) == "THROTTLED"
    other = TenantClient("alpha")
    other.defaults["REMOTE_ADDR"] = "203.0.113.8"
    assert ask(other, "{ me { username } }").status_code == 200


@override_settings(GRAPHQL_RATE_AUTHENTICATED="3/m")
def test_authenticated_callers_are_rate_limited_per_user(alpha, client_for):
    client = client_for("alpha", "secretary_1")
    statuses = [ask(client, "{ me { username } }").status_code for _ in range(5)]
    assert statuses[:3] == [200] * 3
    assert statuses[-1] == 429


def test_per_field_costs_count():
    document = __import__("graphql").parse("query { me { username } }")
    cheap = limits.Limits(max_cost=10)
    dear = limits.Limits(max_cost=10, field_costs={"Query.me": 11})
    assert (
        limits.document_refusal(schema.graphql_schema, document, variables={}, limits=cheap) is None
    )
    refused = limits.document_refusal(schema.graphql_schema, document, variables={}, limits=dear)
    assert refused is not None and refused.code == "QUERY_TOO_COSTLY"


def _frontend_documents() -> list[str]:
    text = FRONTEND_DOCUMENTS.read_text()
    block = text.split("type Documents = {", 1)[1].split("};", 1)[0]
    return [json.loads(m) for m in re.findall(r'^\s+("(?:[^"\\]|\\.)*"):', block, re.M)]


def _with_fragments(source: str, fragments: dict[str, str]) -> str:
    """The document as the client sends it: with the fragments it spreads, transitively
    (the generated map holds each fragment as a document of its own)."""
    text, seen = source, set()
    while spread := set(re.findall(r"\.\.\.\s*([A-Za-z_]\w*)", text)) - seen - {"on"}:
        seen |= spread
        text += "".join("\n" + fragments[name] for name in sorted(spread) if name in fragments)
    return text


def test_every_query_of_the_web_app_is_within_the_limits():
    documents = _frontend_documents()
    assert len(documents) > 20
    fragments = {
        re.match(r"\s*fragment\s+(\w+)", d).group(1): d
        for d in documents
        if re.match(r"\s*fragment\s", d)
    }
    assert fragments, "the web app's fragments are checked inside the documents using them"
    budget = limits.Limits()
    over = []
    for source in (_with_fragments(d, fragments) for d in documents if d not in fragments.values()):
        assert limits.size_refusal(source, budget) is None
        document = __import__("graphql").parse(source, max_tokens=budget.max_tokens)
        refused = limits.document_refusal(
            schema.graphql_schema, document, variables={"first": 50}, limits=budget
        )
        if refused is not None:
            over.append((source.split("{", 1)[0].strip(), refused.message))
    assert over == []
