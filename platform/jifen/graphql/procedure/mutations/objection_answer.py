import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.enums import ObjectionOutcomeEnum
from jifen.graphql.procedure.types import ObjectionNode
from jifen.procedure import services


class ObjectionAnswer(DomainMutation):
    """The branch (or, after escalation, the superior) answers; an upheld objection
    withdraws the declaration and reverses its entries."""

    class Arguments:
        objection = graphene.ID(required=True)
        answer = graphene.String(required=True)
        outcome = ObjectionOutcomeEnum(required=True)

    objection = graphene.Field(ObjectionNode)

    @classmethod
    def perform(cls, info, objection, answer, outcome):
        answered = services.objection_answer(
            actor=info.context.user,
            objection=lookups.objection(info, objection),
            answer=answer,
            outcome=getattr(outcome, "value", outcome),
        )
        return cls(objection=answered, errors=[])
