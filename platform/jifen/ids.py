"""Global ids bound to the tenant that issued them.

A Relay id here is base64 of `Type:schema:pk`, so an id handed out by tenant A names A: in
tenant B it decodes to nothing (NOT_FOUND through the API's lookups), even where B has a row
with the same number. Ids are opaque to clients; only this module builds or reads them (the
GraphQL layer's `Node` in `jifen.graphql.ids` uses it, and so do links in notifications).
"""

from __future__ import annotations

from django.db import connection
from graphql_relay import from_global_id
from graphql_relay import to_global_id as _relay_to_global_id


def _schema() -> str:
    return getattr(connection, "schema_name", "public")


def to_global_id(type_name: str, pk: int | str) -> str:
    """The id of row `pk` of `type_name` in the current tenant."""
    return _relay_to_global_id(type_name, f"{_schema()}:{pk}")


def parse_global_id(global_id: str) -> tuple[str, str]:
    """(type name, pk) of an id issued by the current tenant; ValueError for a malformed id
    or one of another tenant (the same answer, so neither is confirmed)."""
    try:
        type_name, rest = from_global_id(global_id)
    except (TypeError, ValueError, UnicodeDecodeError) as exc:
        raise ValueError("malformed id") from exc
    schema, sep, pk = rest.rpartition(":")
    if not type_name or not sep or not pk or schema != _schema():
        raise ValueError("not an id of this tenant")
    return type_name, pk
