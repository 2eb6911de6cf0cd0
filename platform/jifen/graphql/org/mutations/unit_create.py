import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.enums import UnitKindEnum
from jifen.graphql.org.types import OrgUnitNode
from jifen.org import services


class UnitCreate(DomainMutation):
    """Add a unit under `parent` (administrators and superiors of the parent)."""

    class Arguments:
        parent = graphene.ID(required=True)
        name = graphene.String(required=True)
        kind = UnitKindEnum(required=True)
        code = graphene.String(default_value="")
        is_scoring = graphene.Boolean(
            default_value=True, description="False for a unit that only groups others."
        )

    unit = graphene.Field(OrgUnitNode)

    @classmethod
    def perform(cls, info, parent, name, kind, code, is_scoring):
        unit = services.unit_add(
            actor=info.context.user,
            parent=lookups.unit(info, parent, "parent"),
            name=name,
            kind=getattr(kind, "value", kind),
            code=code,
            is_scoring=is_scoring,
        )
        return cls(unit=unit, errors=[])
