import graphene

from jifen.graphql.core import DOMAIN_ERRORS, Error, error_from, not_found
from jifen.graphql.procedure import lookups
from jifen.graphql.procedure.types import PeriodCloseNode
from jifen.procedure import services


class PeriodFile(graphene.Mutation):
    """File a closed period with the superior organisation (报上级备案)."""

    class Arguments:
        close = graphene.ID(required=True)

    close = graphene.Field(PeriodCloseNode)
    errors = graphene.List(graphene.NonNull(Error), required=True)

    def mutate(self, info, close):
        found = lookups.period_close(info, close)
        if found is None:
            return PeriodFile(errors=[not_found("close", "period close")])
        try:
            filed = services.period_file(user=info.context.user, close=found)
        except DOMAIN_ERRORS as exc:
            return PeriodFile(errors=[error_from(exc)])
        return PeriodFile(close=filed, errors=[])
