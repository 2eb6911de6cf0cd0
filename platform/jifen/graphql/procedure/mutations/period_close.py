import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DOMAIN_ERRORS, Error, error_from, not_found
from jifen.graphql.procedure.types import PeriodCloseNode
from jifen.procedure import services


class PeriodClose(graphene.Mutation):
    """Close a unit's ended period: totals, grades, ranks and stars from confirmed entries
    only, published on a results board. Closing it again returns the first close."""

    class Meta:
        name = "PeriodClosePayload"  # "PeriodClose" is the closed period itself

    class Arguments:
        unit = graphene.ID(required=True)
        period_start = graphene.Date(required=True, description="Any day of the period.")

    close = graphene.Field(PeriodCloseNode)
    errors = graphene.List(graphene.NonNull(Error), required=True)

    def mutate(self, info, unit, period_start):
        unit_obj = lookups.unit(info, unit)
        if unit_obj is None:
            return PeriodClose(errors=[not_found("unit", "unit")])
        try:
            close = services.period_close(
                user=info.context.user, unit=unit_obj, period_start=period_start
            )
        except DOMAIN_ERRORS as exc:
            return PeriodClose(errors=[error_from(exc)])
        return PeriodClose(close=close, errors=[])
