import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.procedure.types import BoardNode
from jifen.procedure import services


class BoardPublish(DomainMutation):
    """Put a unit's accepted declarations of a span on its boards (公示), one per ruleset
    in force, for the ruleset's number of days from today. Publishing the same span again
    adds what was accepted since."""

    class Arguments:
        unit = graphene.ID(required=True)
        covers_start = graphene.Date(required=True)
        covers_end = graphene.Date(required=True)

    board = graphene.Field(BoardNode, description="The first of `boards`.")
    boards = graphene.List(graphene.NonNull(BoardNode))

    @classmethod
    def perform(cls, info, unit, covers_start, covers_end):
        boards = services.board_publish(
            actor=info.context.user,
            unit=lookups.unit(info, unit),
            covers_start=covers_start,
            covers_end=covers_end,
        )
        return cls(board=boards[0], boards=boards, errors=[])
