import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.org.types import OrgUnitNode
from jifen.org import services


class UnitClose(DomainMutation):
    """Close a unit that has no open sub-units and no current members; it keeps its
    history and can be reopened."""

    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    unit = graphene.Field(OrgUnitNode)

    @classmethod
    def perform(cls, info, id, reason):
        unit = services.unit_close(
            actor=info.context.user, unit=lookups.unit(info, id, "id"), reason=reason
        )
        return cls(unit=unit, errors=[])


class UnitReopen(DomainMutation):
    """Reopen a closed unit (its parent must be open)."""

    class Arguments:
        id = graphene.ID(required=True)

    unit = graphene.Field(OrgUnitNode)

    @classmethod
    def perform(cls, info, id):
        unit = services.unit_reopen(actor=info.context.user, unit=lookups.unit(info, id, "id"))
        return cls(unit=unit, errors=[])
