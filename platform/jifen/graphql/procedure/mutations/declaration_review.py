import graphene
from graphene.types.generic import GenericScalar

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.procedure.types import DeclarationNode
from jifen.procedure import services


class ReviewDecision(graphene.Enum):
    ACCEPT = "accept"
    ADJUST = "adjust"
    REJECT = "reject"


class DeclarationReview(DomainMutation):
    """Preliminary review (支委初评): accept (books the points, which count once the board
    is confirmed), adjust with a reason, or reject with a reason. Nobody reviews their own
    declaration or points."""

    class Arguments:
        declaration = graphene.ID(required=True)
        decision = ReviewDecision(required=True)
        reason = graphene.String(default_value="")
        attributes = GenericScalar(description="Adjusted item attributes.")
        quantity = graphene.Float(description="Adjusted quantity.")

    declaration = graphene.Field(DeclarationNode)

    @classmethod
    def perform(cls, info, declaration, decision, reason, attributes=None, quantity=None):
        reviewed = services.declaration_review(
            actor=info.context.user,
            declaration=lookups.declaration(info, declaration),
            decision=getattr(decision, "value", decision),
            reason=reason or "",
            attributes=attributes,
            quantity=quantity,
        )
        return cls(declaration=reviewed, errors=[])
