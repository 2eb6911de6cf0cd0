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


class Actor(graphene.ObjectType):
    """Who took a step: enough to show a name, nothing about their roles."""

    username = graphene.String(required=True)
    display_name = graphene.String(required=True)

    @staticmethod
    def of(user):
        if user is None:
            return None
        return Actor(username=user.username, display_name=user.display_name or user.username)


def pk_of(global_id: str | None, expected_type: str) -> int | None:
    """Like `decode_id`, but None for a malformed id or one of another type, so that
    mutations answer `not_found` instead of raising."""
    from graphql import GraphQLError

    if not global_id:
        return None
    try:
        return decode_id(global_id, expected_type)
    except GraphQLError:
        return None


def not_found(field: str, what: str) -> Error:
    # The same answer for "does not exist", "another tenant's" and "outside your scope":
    # an error must not confirm that something exists where the caller cannot look.
    return Error(field=field, code="not_found", message=f"No {what} with this id that you may see.")


def error_from(exc: Exception, field: str | None = None) -> Error:
    """A typed error for a refusal by a domain service (its message says what to do)."""
    from jifen.ledger.errors import IdempotencyConflict
    from jifen.procedure.errors import Forbidden

    if isinstance(exc, Forbidden):
        code = "forbidden"
    elif isinstance(exc, IdempotencyConflict):
        code = "conflict"
    else:
        code = "invalid"
    return Error(field=field, code=code, message=str(exc))


def forbidden(message: str) -> Error:
    return Error(field=None, code="forbidden", message=message)


def _domain_errors() -> tuple[type[Exception], ...]:
    from jifen.ledger.errors import LedgerError
    from jifen.procedure.errors import ProcedureError
    from jifen.rulebook.errors import RulebookError

    return (ProcedureError, LedgerError, RulebookError)


# Refusals by the domain services, each with a message that says what to do.
DOMAIN_ERRORS = _domain_errors()
