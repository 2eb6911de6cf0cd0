import graphene

from jifen.graphql.core import DOMAIN_ERRORS, Error, error_from, not_found
from jifen.graphql.procedure import lookups
from jifen.graphql.procedure.types import ObjectionNode
from jifen.procedure import services


class ObjectionAppeal(graphene.Mutation):
    """The objector takes an answered objection to the superior organisation (申诉)."""

    class Arguments:
        objection = graphene.ID(required=True)
        reason = graphene.String(required=True)

    objection = graphene.Field(ObjectionNode)
    errors = graphene.List(graphene.NonNull(Error), required=True)

    def mutate(self, info, objection, reason):
        found = lookups.objection(info, objection)
        if found is None:
            return ObjectionAppeal(errors=[not_found("objection", "objection")])
        try:
            appealed = services.objection_appeal(
                user=info.context.user, objection=found, reason=reason
            )
        except DOMAIN_ERRORS as exc:
            return ObjectionAppeal(errors=[error_from(exc)])
        return ObjectionAppeal(objection=appealed, errors=[])
