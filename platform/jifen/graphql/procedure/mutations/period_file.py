import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.procedure.types import PeriodCloseNode
from jifen.procedure import services


class PeriodFile(DomainMutation):
    """File a closed period with the superior organisation (报上级备案)."""

    class Arguments:
        close = graphene.ID(required=True)

    close = graphene.Field(PeriodCloseNode)

    @classmethod
    def perform(cls, info, close):
        filed = services.period_file(
            actor=info.context.user, close=lookups.period_close(info, close)
        )
        return cls(close=filed, errors=[])
