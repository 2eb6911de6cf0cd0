import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.procedure.types import ObjectionNode
from jifen.procedure import services


class ObjectionRaise(DomainMutation):
    """Object to (异议) or defend against (申辩) a declaration while its board is open; the
    unit must answer within the ruleset's working days or it goes to the superior."""

    class Arguments:
        declaration = graphene.ID(required=True)
        reason = graphene.String(required=True)

    objection = graphene.Field(ObjectionNode)

    @classmethod
    def perform(cls, info, declaration, reason):
        raised = services.objection_raise(
            actor=info.context.user,
            declaration=lookups.declaration(info, declaration),
            reason=reason,
        )
        return cls(objection=raised, errors=[])
