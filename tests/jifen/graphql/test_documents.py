"""A document is parsed and validated once per process: the same answers, every time."""

from __future__ import annotations

from jifen.graphql.documents import document_of, validation_errors

UNITS = "query Units { orgUnits(first: 3) { totalCount } }"


def test_a_document_sent_again_is_not_parsed_again(users, client_for):
    client = client_for("alpha", "secretary_1")
    first = client.graphql(UNITS)
    parsed, validated = document_of.cache_info(), validation_errors.cache_info()
    again = client.graphql(UNITS)
    assert again == first and again["data"]["orgUnits"]["totalCount"] >= 1
    assert document_of.cache_info().hits == parsed.hits + 1
    assert document_of.cache_info().misses == parsed.misses
    assert validation_errors.cache_info().hits == validated.hits + 1


def test_an_invalid_document_is_refused_the_same_way_every_time(users, client_for):
    client = client_for("alpha", "secretary_1")
    answers = [client.graphql("{ orgUnits(first: 3) { noSuchField } }") for _ in range(2)]
    assert answers[0] == answers[1]
    [error] = answers[0]["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "noSuchField" in error["message"]


def test_a_mutation_sent_with_get_is_refused(users, client_for):
    client = client_for("alpha", "secretary_1")
    response = client.get(
        "/graphql",
        {"query": "mutation { languageSet(language: EN) { errors { code } } }"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 405
    query = client.get("/graphql", {"query": UNITS}, headers={"Accept": "application/json"})
    assert query.status_code == 200 and query.json()["data"]["orgUnits"]["totalCount"] >= 1
