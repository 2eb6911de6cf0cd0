import graphene

from jifen.graphql.core import DOMAIN_ERRORS, Error, error_from, not_found
from jifen.graphql.procedure import lookups
from jifen.graphql.procedure.types import ObjectionNode
from jifen.procedure import services


class ObjectionOutcome(graphene.Enum):
    UPHELD = "upheld"
    DISMISSED = "dismissed"


class ObjectionAnswer(graphene.Mutation):
    """The branch (or, after escalation, the superior) answers; an upheld objection
    withdraws the declaration and reverses its entries."""

    class Arguments:
        objection = graphene.ID(required=True)
        answer = graphene.String(required=True)
        outcome = ObjectionOutcome(required=True)

    objection = graphene.Field(ObjectionNode)
    errors = graphene.List(graphene.NonNull(Error), required=True)

    def mutate(self, info, objection, answer, outcome):
        found = lookups.objection(info, objection)
        if found is None:
            return ObjectionAnswer(errors=[not_found("objection", "objection")])
        try:
            answered = services.objection_answer(
                user=info.context.user,
                objection=found,
                answer=answer,
                outcome=getattr(outcome, "value", outcome),
            )
        except DOMAIN_ERRORS as exc:
            return ObjectionAnswer(errors=[error_from(exc)])
        return ObjectionAnswer(objection=answered, errors=[])
