import graphene

from jifen.graphql.core import DOMAIN_ERRORS, Error, error_from, not_found
from jifen.graphql.procedure import lookups
from jifen.graphql.procedure.types import BoardNode
from jifen.procedure import services


class BoardConfirm(graphene.Mutation):
    """After publicity: confirm what has no open objection and needs no countersignature
    (the general meeting's decision). Run it again once objections are answered."""

    class Arguments:
        board = graphene.ID(required=True)

    board = graphene.Field(BoardNode)
    confirmed = graphene.Int()
    held_by_objection = graphene.Int()
    awaiting_countersign = graphene.Int()
    errors = graphene.List(graphene.NonNull(Error), required=True)

    def mutate(self, info, board):
        found = lookups.board(info, board)
        if found is None:
            return BoardConfirm(errors=[not_found("board", "board")])
        try:
            result = services.board_confirm(user=info.context.user, board=found)
        except DOMAIN_ERRORS as exc:
            return BoardConfirm(errors=[error_from(exc)])
        found.refresh_from_db()
        return BoardConfirm(
            board=found,
            confirmed=result.confirmed,
            held_by_objection=result.held_by_objection,
            awaiting_countersign=result.awaiting_countersign,
            errors=[],
        )
