import graphene
from graphene.types.generic import GenericScalar

from jifen.graphql.core import DOMAIN_ERRORS, Error, error_from, not_found
from jifen.graphql.procedure import lookups
from jifen.graphql.procedure.types import DeclarationNode
from jifen.procedure import services


class ReviewDecision(graphene.Enum):
    ACCEPT = "accept"
    ADJUST = "adjust"
    REJECT = "reject"


class DeclarationReview(graphene.Mutation):
    """Preliminary review (支委初评): accept (books the points), adjust with a reason, or
    reject with a reason. Nobody reviews their own declaration or points."""

    class Arguments:
        declaration = graphene.ID(required=True)
        decision = ReviewDecision(required=True)
        reason = graphene.String(default_value="")
        attributes = GenericScalar(description="Adjusted item attributes.")
        quantity = graphene.Float(description="Adjusted quantity.")

    declaration = graphene.Field(DeclarationNode)
    errors = graphene.List(graphene.NonNull(Error), required=True)

    def mutate(self, info, declaration, decision, reason, attributes=None, quantity=None):
        found = lookups.declaration(info, declaration)
        if found is None:
            return DeclarationReview(errors=[not_found("declaration", "declaration")])
        try:
            reviewed = services.declaration_review(
                user=info.context.user,
                declaration=found,
                decision=getattr(decision, "value", decision),
                reason=reason or "",
                attributes=attributes,
                quantity=quantity,
            )
        except DOMAIN_ERRORS as exc:
            return DeclarationReview(errors=[error_from(exc)])
        return DeclarationReview(declaration=reviewed, errors=[])
