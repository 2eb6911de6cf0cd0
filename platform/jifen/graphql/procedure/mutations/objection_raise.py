import graphene

from jifen.graphql.core import DOMAIN_ERRORS, Error, error_from, not_found
from jifen.graphql.procedure import lookups
from jifen.graphql.procedure.types import ObjectionNode
from jifen.procedure import services


class ObjectionRaise(graphene.Mutation):
    """Object to (or defend against) a declaration while its board is open (异议/申辩)."""

    class Arguments:
        declaration = graphene.ID(required=True)
        reason = graphene.String(required=True)

    objection = graphene.Field(ObjectionNode)
    errors = graphene.List(graphene.NonNull(Error), required=True)

    def mutate(self, info, declaration, reason):
        found = lookups.declaration(info, declaration)
        if found is None:
            return ObjectionRaise(errors=[not_found("declaration", "declaration")])
        try:
            objection = services.objection_raise(
                user=info.context.user, declaration=found, reason=reason
            )
        except DOMAIN_ERRORS as exc:
            return ObjectionRaise(errors=[error_from(exc)])
        return ObjectionRaise(objection=objection, errors=[])
