"""The GraphQL side of tenant-bound global ids: the Relay `Node` interface whose ids carry
the issuing tenant (built and read by `jifen.ids`; null through `node` in another tenant)."""

from __future__ import annotations

import graphene
from graphene.relay.id_type import BaseGlobalIDType
from graphql import GraphQLError

from jifen.ids import parse_global_id, to_global_id


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


__all__ = ["Node", "TenantGlobalID", "parse_global_id", "to_global_id"]
