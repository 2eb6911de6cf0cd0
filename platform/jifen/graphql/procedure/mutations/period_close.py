import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.procedure.types import PeriodCloseNode
from jifen.procedure import services


class PeriodClose(DomainMutation):
    """Close a unit's ended period once per ruleset in force there (or only `ruleset`):
    totals, grades, ranks and stars from what counts, published on a results board.
    Closing it again returns the earlier closes."""

    class Meta:
        name = "PeriodClosePayload"  # "PeriodClose" is the closed period itself

    class Arguments:
        unit = graphene.ID(required=True)
        period_start = graphene.Date(required=True, description="Any day of the period.")
        ruleset = graphene.String(description="Code of one ruleset; all in force if omitted.")

    close = graphene.Field(PeriodCloseNode, description="The first of `closes`.")
    closes = graphene.List(graphene.NonNull(PeriodCloseNode))

    @classmethod
    def perform(cls, info, unit, period_start, ruleset=None):
        closes = services.period_close(
            actor=info.context.user,
            unit=lookups.unit(info, unit),
            period_start=period_start,
            ruleset=lookups.ruleset(info, ruleset, "ruleset") if ruleset else None,
        )
        return cls(close=closes[0], closes=closes, errors=[])
