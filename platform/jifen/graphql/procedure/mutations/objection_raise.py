import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.procedure.types import ObjectionNode
from jifen.procedure import services


class ObjectionRaise(DomainMutation):
    """Object to (异议) or defend against (申辩) a declaration while its board is open, or a
    subject's result (`result`, or `close` and `subject`) while the period's results are
    publicised; the unit must answer within the ruleset's working days or it goes to the
    superior."""

    class Arguments:
        declaration = graphene.ID()
        close = graphene.ID(description="A closed period, with `subject`: object to a result.")
        subject = graphene.ID()
        result = graphene.ID(
            description="A result of a closed period (`PeriodResult.id`), instead of `close` "
            "and `subject`: what a member reading the results board can name."
        )
        reason = graphene.String(required=True)

    objection = graphene.Field(ObjectionNode)

    @classmethod
    def perform(cls, info, reason, declaration=None, close=None, subject=None, result=None):
        if result:
            found = lookups.period_result_by_id(info, result)
        elif close or subject:
            found = lookups.period_result(info, close, subject)
        else:
            found = None
        raised = services.objection_raise(
            actor=info.context.user,
            declaration=lookups.declaration(info, declaration) if declaration else None,
            result=found,
            reason=reason,
        )
        return cls(objection=raised, errors=[])
