import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DOMAIN_ERRORS, Error, error_from, not_found
from jifen.graphql.procedure.types import BoardNode
from jifen.procedure import services


class BoardPublish(graphene.Mutation):
    """Put a unit's accepted declarations of a span on its board (公示) for the ruleset's
    number of days, from today. Publishing the same span again adds what was accepted since."""

    class Arguments:
        unit = graphene.ID(required=True)
        covers_start = graphene.Date(required=True)
        covers_end = graphene.Date(required=True)

    board = graphene.Field(BoardNode)
    errors = graphene.List(graphene.NonNull(Error), required=True)

    def mutate(self, info, unit, covers_start, covers_end):
        unit_obj = lookups.unit(info, unit)
        if unit_obj is None:
            return BoardPublish(errors=[not_found("unit", "unit")])
        try:
            board = services.board_publish(
                user=info.context.user,
                unit=unit_obj,
                covers_start=covers_start,
                covers_end=covers_end,
            )
        except DOMAIN_ERRORS as exc:
            return BoardPublish(errors=[error_from(exc)])
        return BoardPublish(board=board, errors=[])
