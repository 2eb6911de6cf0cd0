import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.org.types import OrgUnitNode
from jifen.org import services


class UnitMove(DomainMutation):
    """Move a unit with its subtree, members, roles and history under another parent
    (the caller must be allowed at both places)."""

    class Arguments:
        id = graphene.ID(required=True)
        parent = graphene.ID(required=True)

    unit = graphene.Field(OrgUnitNode)

    @classmethod
    def perform(cls, info, id, parent):
        unit = services.unit_move(
            actor=info.context.user,
            unit=lookups.unit(info, id, "id"),
            parent=lookups.unit(info, parent, "parent"),
        )
        return cls(unit=unit, errors=[])
