import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.procedure.types import PeriodCloseNode
from jifen.procedure import services


class FilingAccept(DomainMutation):
    """The superior organisation accepts a filed period (备案)."""

    class Arguments:
        close = graphene.ID(required=True)

    close = graphene.Field(PeriodCloseNode)

    @classmethod
    def perform(cls, info, close):
        accepted = services.filing_accept(
            actor=info.context.user, close=lookups.period_close(info, close)
        )
        return cls(close=accepted, errors=[])


class FilingReturn(DomainMutation):
    """The superior returns a filed period with what to correct; its accounts reopen, and
    closing it again recomputes and republishes the results."""

    class Arguments:
        close = graphene.ID(required=True)
        reason = graphene.String(required=True)

    close = graphene.Field(PeriodCloseNode)

    @classmethod
    def perform(cls, info, close, reason):
        returned = services.filing_return(
            actor=info.context.user, close=lookups.period_close(info, close), reason=reason
        )
        return cls(close=returned, errors=[])
