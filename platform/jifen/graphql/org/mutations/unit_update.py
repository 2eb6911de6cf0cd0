import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.enums import UnitKindEnum
from jifen.graphql.org.types import OrgUnitNode
from jifen.org import services


class UnitUpdate(DomainMutation):
    """Rename a unit, or change its code, kind or whether it scores (omitted: unchanged)."""

    class Arguments:
        id = graphene.ID(required=True)
        name = graphene.String()
        code = graphene.String()
        kind = UnitKindEnum()
        is_scoring = graphene.Boolean()

    unit = graphene.Field(OrgUnitNode)

    @classmethod
    def perform(cls, info, id, name=None, code=None, kind=None, is_scoring=None):
        unit = services.unit_update(
            actor=info.context.user,
            unit=lookups.unit(info, id, "id"),
            name=name,
            code=code,
            kind=getattr(kind, "value", kind),
            is_scoring=is_scoring,
        )
        return cls(unit=unit, errors=[])
