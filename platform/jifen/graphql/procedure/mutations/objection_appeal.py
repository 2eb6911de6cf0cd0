import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.procedure.types import ObjectionNode
from jifen.procedure import services


class ObjectionAppeal(DomainMutation):
    """The objector (or the member concerned) takes an answered objection to the superior
    organisation (申诉)."""

    class Arguments:
        objection = graphene.ID(required=True)
        reason = graphene.String(required=True)

    objection = graphene.Field(ObjectionNode)

    @classmethod
    def perform(cls, info, objection, reason):
        appealed = services.objection_appeal(
            actor=info.context.user, objection=lookups.objection(info, objection), reason=reason
        )
        return cls(objection=appealed, errors=[])
