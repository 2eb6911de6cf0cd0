import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.ledger.types import EntryNode
from jifen.ledger import services


class EntryReverse(DomainMutation):
    """Cancel an entry by appending its negation with a reason (secretaries, superiors
    and administrators over the subject's unit); the original stays in the chain."""

    class Arguments:
        entry = graphene.ID(required=True)
        reason = graphene.String(required=True)

    reversal = graphene.Field(EntryNode)

    @classmethod
    def perform(cls, info, entry, reason):
        reversal = services.entry_correct(
            actor=info.context.user, entry=lookups.entry(info, entry), reason=reason
        )
        return cls(reversal=reversal, errors=[])
