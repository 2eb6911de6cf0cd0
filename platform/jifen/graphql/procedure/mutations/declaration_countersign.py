import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.procedure.types import DeclarationNode
from jifen.procedure import services


class DeclarationCountersign(DomainMutation):
    """The superior organisation countersigns a branch secretary's own scores (§14); the
    board's next confirmation then confirms them."""

    class Arguments:
        declaration = graphene.ID(required=True)

    declaration = graphene.Field(DeclarationNode)

    @classmethod
    def perform(cls, info, declaration):
        signed = services.declaration_countersign(
            actor=info.context.user, declaration=lookups.declaration(info, declaration)
        )
        return cls(declaration=signed, errors=[])
