import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.procedure.types import BoardNode
from jifen.procedure import services


class BoardConfirm(DomainMutation):
    """After publicity: confirm what has no open objection and needs no countersignature
    (the general meeting's decision); from then on it counts. Run it again once objections
    are answered."""

    class Arguments:
        board = graphene.ID(required=True)

    board = graphene.Field(BoardNode)
    confirmed = graphene.Int()
    held_by_objection = graphene.Int()
    awaiting_countersign = graphene.Int()

    @classmethod
    def perform(cls, info, board):
        found = lookups.board(info, board)
        result = services.board_confirm(actor=info.context.user, board=found)
        found.refresh_from_db()
        return cls(
            board=found,
            confirmed=result.confirmed,
            held_by_objection=result.held_by_objection,
            awaiting_countersign=result.awaiting_countersign,
            errors=[],
        )
