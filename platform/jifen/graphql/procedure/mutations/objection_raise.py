import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.procedure.types import ObjectionNode
from jifen.procedure import services


class ObjectionRaise(DomainMutation):
    """Object to (异议) or defend against (申辩) a declaration while its board is open, or a
    subject's result (`close` and `subject`) while the period's results are publicised; the
    unit must answer within the ruleset's working days or it goes to the superior."""

    class Arguments:
        declaration = graphene.ID()
        close = graphene.ID(description="A closed period, with `subject`: object to a result.")
        subject = graphene.ID()
        reason = graphene.String(required=True)

    objection = graphene.Field(ObjectionNode)

    @classmethod
    def perform(cls, info, reason, declaration=None, close=None, subject=None):
        raised = services.objection_raise(
            actor=info.context.user,
            declaration=lookups.declaration(info, declaration) if declaration else None,
            result=lookups.period_result(info, close, subject) if close or subject else None,
            reason=reason,
        )
        return cls(objection=raised, errors=[])
