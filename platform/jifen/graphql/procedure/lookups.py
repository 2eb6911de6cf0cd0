"""Objects behind global ids, looked up through the scoped selectors: an id of another
tenant, or outside the caller's scope, is simply not found."""

from jifen.graphql.core import pk_of
from jifen.procedure import selectors


def _anonymous(info) -> bool:
    return not info.context.user.is_authenticated


def declaration(info, global_id):
    pk = pk_of(global_id, "Declaration")
    if _anonymous(info):
        return None
    return selectors.declaration_get(user=info.context.user, pk=pk) if pk else None


def board(info, global_id):
    pk = pk_of(global_id, "Board")
    return selectors.board_list(user=info.context.user).filter(pk=pk).first() if pk else None


def objection(info, global_id):
    pk = pk_of(global_id, "Objection")
    if _anonymous(info):
        return None
    return selectors.objection_list(user=info.context.user).filter(pk=pk).first() if pk else None


def period_close(info, global_id):
    pk = pk_of(global_id, "PeriodClose")
    if not pk:
        return None
    return selectors.period_close_list(user=info.context.user).filter(pk=pk).first()
