import graphene

from jifen.graphql.core import DOMAIN_ERRORS, Error, error_from, not_found
from jifen.graphql.procedure import lookups
from jifen.graphql.procedure.types import DeclarationNode
from jifen.procedure import services


class DeclarationCountersign(graphene.Mutation):
    """The superior organisation countersigns a branch secretary's own scores."""

    class Arguments:
        declaration = graphene.ID(required=True)

    declaration = graphene.Field(DeclarationNode)
    errors = graphene.List(graphene.NonNull(Error), required=True)

    def mutate(self, info, declaration):
        found = lookups.declaration(info, declaration)
        if found is None:
            return DeclarationCountersign(errors=[not_found("declaration", "declaration")])
        try:
            signed = services.declaration_countersign(user=info.context.user, declaration=found)
        except DOMAIN_ERRORS as exc:
            return DeclarationCountersign(errors=[error_from(exc)])
        return DeclarationCountersign(declaration=signed, errors=[])
