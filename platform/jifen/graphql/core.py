"""Shared GraphQL pieces: the error type and a connection with a total count."""

import graphene


class Error(graphene.ObjectType):
    """A problem with the input: which field, what is wrong, how to fix it."""

    field = graphene.String(description="Input field at fault, or null for the whole input.")
    code = graphene.String(required=True)
    message = graphene.String(required=True)


class CountableConnection(graphene.relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(required=True)

    def resolve_total_count(self, info):
        return self.iterable.count() if hasattr(self.iterable, "count") else len(self.iterable)


def decode_id(global_id: str, expected_type: str) -> int:
    """The database id inside a Relay global id, refusing ids of another type."""
    from graphql import GraphQLError
    from graphql_relay import from_global_id

    try:
        type_name, raw = from_global_id(global_id)
        pk = int(raw)
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise GraphQLError(f"{global_id!r} is not a valid id.") from exc
    if type_name != expected_type:
        raise GraphQLError(
            f"{global_id!r} is a {type_name or 'malformed'} id, not {expected_type}."
        )
    return pk
