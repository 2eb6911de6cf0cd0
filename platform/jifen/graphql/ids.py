"""Global ids bound to the tenant that issued them.

A Relay id here is base64 of `Type:schema:pk`, so an id handed out by tenant A names A: in
tenant B it decodes to nothing (NOT_FOUND through the lookups, null through `node`), even
where B has a row with the same number. Ids are opaque to clients; nothing but this module
builds or reads them.
"""

from __future__ import annotations

import graphene
from django.db import connection
from graphene.relay.id_type import BaseGlobalIDType
from graphql import GraphQLError
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


class TenantGlobalID(BaseGlobalIDType):
    """Relay ids that carry the issuing tenant (see the module's docstring)."""

    graphene_type = graphene.ID

    @classmethod
    def resolve_global_id(cls, info, global_id):
        try:
            return parse_global_id(global_id)
        except ValueError as exc:
            raise GraphQLError(f"{global_id!r} is not an id of this tenant.") from exc

    @classmethod
    def to_global_id(cls, _type, _id):
        return to_global_id(_type, _id)


class Node(graphene.relay.Node):
    """The Relay `Node` interface with tenant-bound ids; every node type implements it."""

    class Meta:
        name = "Node"
        global_id_type = TenantGlobalID
