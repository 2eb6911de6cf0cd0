"""Objects behind global ids, through the scoped selectors.

A malformed id, an id of another type or tenant, or one outside the caller's scope all
raise the same NOT_FOUND (`core.not_found`), so an answer never confirms that something
exists where the caller cannot look.
"""

from __future__ import annotations

from jifen.graphql.core import not_found, pk_of
from jifen.ledger.models import Entry
from jifen.org.selectors import unit_get
from jifen.procedure import selectors as procedure
from jifen.redemption.models import ShopItem
from jifen.rulebook import selectors as rulebook
from jifen.subjects.selectors import subject_get, subject_list


def _user(info):
    return info.context.user


def unit(info, global_id, field: str = "unit"):
    pk = pk_of(global_id, "OrgUnit")
    found = unit_get(user=_user(info), pk=pk) if pk else None
    if found is None:
        raise not_found(field, "unit")
    return found


def subject(info, global_id, field: str = "subject"):
    pk = pk_of(global_id, "Subject")
    found = subject_get(user=_user(info), pk=pk) if pk else None
    if found is None:
        raise not_found(field, "subject")
    return found


def declarable_subject(info, global_id, field: str = "subject"):
    """A subject the caller may declare for (their own, or one scored where they serve)."""
    pk = pk_of(global_id, "Subject")
    found = procedure.declarable_subjects(user=_user(info)).filter(pk=pk).first() if pk else None
    if found is None:
        raise not_found(field, "subject")
    return found


def declaration(info, global_id, field: str = "declaration"):
    pk = pk_of(global_id, "Declaration")
    user = _user(info)
    found = procedure.declaration_get(user=user, pk=pk) if pk and user.is_authenticated else None
    if found is None:
        raise not_found(field, "declaration")
    return found


def board(info, global_id, field: str = "board"):
    pk = pk_of(global_id, "Board")
    found = procedure.board_list(user=_user(info)).filter(pk=pk).first() if pk else None
    if found is None:
        raise not_found(field, "board")
    return found


def objection(info, global_id, field: str = "objection"):
    pk = pk_of(global_id, "Objection")
    user = _user(info)
    found = (
        procedure.objection_list(user=user).filter(pk=pk).first()
        if pk and user.is_authenticated
        else None
    )
    if found is None:
        raise not_found(field, "objection")
    return found


def period_close(info, global_id, field: str = "close"):
    pk = pk_of(global_id, "PeriodClose")
    found = procedure.period_close_list(user=_user(info)).filter(pk=pk).first() if pk else None
    if found is None:
        raise not_found(field, "closed period")
    return found


def entry(info, global_id, field: str = "entry"):
    pk = pk_of(global_id, "Entry")
    visible = subject_list(user=_user(info)).values("pk")
    found = Entry.objects.filter(pk=pk, account__subject_id__in=visible).first() if pk else None
    if found is None:
        raise not_found(field, "entry")
    return found


def shop_item(info, global_id, field: str = "item"):
    pk = pk_of(global_id, "ShopItem")
    found = ShopItem.objects.filter(pk=pk).first() if pk and _user(info).is_authenticated else None
    if found is None:
        raise not_found(field, "shop item")
    return found


def ruleset(info, code: str, field: str = "code"):
    found = rulebook.ruleset_list().filter(code=code).first()
    if found is None:
        raise not_found(field, "ruleset")
    return found


def evidence_ids(info, global_ids, field: str = "evidence") -> list[int]:
    ids = []
    for index, global_id in enumerate(global_ids or []):
        pk = pk_of(global_id, "Evidence")
        if pk is None:
            raise not_found(f"{field}.{index}", "evidence")
        ids.append(pk)
    return ids


def optional(lookup, info, *args):
    """For query resolvers: the object, or None where a mutation would answer NOT_FOUND."""
    from jifen.errors import NotFound

    try:
        return lookup(info, *args)
    except NotFound:
        return None
