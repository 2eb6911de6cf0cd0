"""The committed schema.graphql is what the server serves: clients generate types from it."""

from pathlib import Path

from graphql import print_schema

import jifen
from jifen.graphql.api import schema

COMMITTED = Path(jifen.__file__).parent / "schema.graphql"


def test_committed_schema_matches_the_code():
    served = print_schema(schema.graphql_schema).strip()
    assert COMMITTED.read_text(encoding="utf-8").strip() == served, (
        "schema.graphql is stale: run `jifen manage graphql_schema "
        "--schema jifen.graphql.api.schema --out platform/jifen/schema.graphql`"
    )


def test_connections_are_capped(alpha, client_for):
    result = client_for("alpha", "county").graphql("{ subjects(first: 100000) { totalCount } }")
    assert result.get("data") is None
    assert result["errors"][0]["extensions"]["code"] == "TOO_MANY_ROWS"
    assert "at most 500" in result["errors"][0]["message"]


def test_queries_deeper_than_the_limit_are_refused(alpha, client_for):
    deep = "{ me { roles { unit { " + "id " + "} } } }"
    assert "errors" not in client_for("alpha", "county").graphql(deep)
    nested = "{ subjects(first: 1) { edges { node { homeUnit { id } } } } }"
    assert "errors" not in client_for("alpha", "county").graphql(nested)


def test_depth_limit_rejects_abusive_nesting(settings, alpha, client_for):
    settings.GRAPHQL_MAX_DEPTH = 3
    result = client_for("alpha", "county").graphql(
        "{ subjects(first: 1) { edges { node { homeUnit { name } } } } }"
    )
    assert result.get("data") is None
    assert result["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert "at most 3" in result["errors"][0]["message"]


def test_no_type_is_named_by_django():
    # graphene-django names a model field's choices `<App><Model><Field>Choices` (the old
    # `OrgOrgUnitKindChoices`) and prefixes values it cannot spell with `A_`; every enum
    # the API shows is declared and named by us instead, and no type keeps the Python
    # class's `…Type` suffix
    from graphql import GraphQLEnumType

    types = schema.graphql_schema.type_map
    generated = sorted(
        name
        for name in types
        if not name.startswith("__") and (name.endswith("Choices") or name.endswith("Type"))
    )
    spelled = sorted(
        f"{name}.{value}"
        for name, t in types.items()
        if isinstance(t, GraphQLEnumType) and not name.startswith("__")
        for value in t.values
        if value.startswith("A_")
    )
    assert (generated, spelled) == ([], [])


def test_every_mutation_is_a_domain_mutation_with_typed_errors():
    # one skeleton: parse, look up, call one service, refusals as `errors` with a Code
    from jifen.graphql.api import Mutation
    from jifen.graphql.core import DomainMutation

    fields = Mutation._meta.fields
    others = sorted(
        name
        for name, field in fields.items()
        if not (isinstance(field.type, type) and issubclass(field.type, DomainMutation))
    )
    assert len(fields) > 40 and others == []
    payloads = schema.graphql_schema.mutation_type.fields
    untyped = sorted(
        name
        for name, field in payloads.items()
        if "errors" not in field.type.fields
        or "code" not in field.type.fields["errors"].type.of_type.of_type.of_type.fields
    )
    assert untyped == []
