"""Objects behind global ids, through the scoped selectors.

A malformed id, an id of another type or tenant, or one outside the caller's scope all
raise the same NOT_FOUND (`core.not_found`), so an answer never confirms that something
exists where the caller cannot look.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy

from jifen.graphql.core import not_found, pk_of
from jifen.ledger.models import Entry
from jifen.org.selectors import unit_list
from jifen.procedure import selectors as procedure
from jifen.redemption.models import PickupPoint, Redemption, ShopItem
from jifen.rulebook import selectors as rulebook
from jifen.subjects.selectors import subject_list

# What was not found, in words ("No declaration with this id that you may see.").
UNIT = gettext_lazy("unit")
SUBJECT = gettext_lazy("subject")
DECLARATION = gettext_lazy("declaration")
BOARD = gettext_lazy("board")
OBJECTION = gettext_lazy("objection")
PERIOD_CLOSE = gettext_lazy("closed period")
HOST_REPORT = gettext_lazy("host report")
PERIOD_RESULT = gettext_lazy("result of this subject in that period")
ENTRY = gettext_lazy("entry")
SHOP_ITEM = gettext_lazy("shop item")
REDEMPTION = gettext_lazy("redemption")
PICKUP_POINT = gettext_lazy("pickup point")
RULESET = gettext_lazy("ruleset")
EVIDENCE = gettext_lazy("evidence")
USER = gettext_lazy("user")
EVALUATION_GROUP = gettext_lazy("evaluation group")
CHECK_IN_SESSION = gettext_lazy("check-in")
TOKEN = gettext_lazy("API token")
DECISION = gettext_lazy("decision")  # a committee's decision of a quota tie


def _user(info):
    return info.context.user


def _find(info, global_id, type_name: str, visible, what: str, field: str, signed_in=False):
    """The object of `type_name` behind `global_id` among `visible(user)`, or NOT_FOUND."""
    pk = pk_of(global_id, type_name)
    user = _user(info)
    found = None
    if pk and (user.is_authenticated or not signed_in):
        found = visible(user).filter(pk=pk).first()
    if found is None:
        raise not_found(field, what)
    return found


def unit(info, global_id, field: str = "unit"):
    return _find(info, global_id, "OrgUnit", lambda u: unit_list(user=u), UNIT, field)


def subject(info, global_id, field: str = "subject"):
    return _find(info, global_id, "Subject", lambda u: subject_list(user=u), SUBJECT, field)


def evaluation_group(info, global_id, field: str = "group"):
    from jifen.org.models import EvaluationGroup

    return _find(
        info, global_id, "EvaluationGroup",
        lambda u: EvaluationGroup.objects.filter(area__in=unit_list(user=u)).select_related("area"),
        EVALUATION_GROUP, field, signed_in=True,
    )  # fmt: skip


def check_in_session(info, global_id, field: str = "session"):
    from jifen.org.selectors import unit_list
    from jifen.procedure.models import CheckInSession

    return _find(
        info, global_id, "CheckInSession",
        lambda u: CheckInSession.objects.filter(unit__in=unit_list(user=u)).select_related("unit"),
        CHECK_IN_SESSION, field, signed_in=True,
    )  # fmt: skip


def declarable_subject(info, global_id, field: str = "subject"):
    """A subject the caller may declare for (their own, or one scored where they serve)."""
    return _find(
        info,
        global_id,
        "Subject",
        lambda u: procedure.declarable_subjects(user=u),
        SUBJECT,
        field,
    )


def declaration(info, global_id, field: str = "declaration"):
    return _find(
        info,
        global_id,
        "Declaration",
        lambda u: procedure.declaration_visible_list(user=u).select_related(
            "subject__home_unit", "subject__host_unit", "unit", "board__unit"
        ),
        DECLARATION,
        field,
        signed_in=True,
    )


def board(info, global_id, field: str = "board"):
    return _find(info, global_id, "Board", lambda u: procedure.board_list(user=u), BOARD, field)


def objection(info, global_id, field: str = "objection"):
    return _find(
        info,
        global_id,
        "Objection",
        lambda u: procedure.objection_list(user=u),
        OBJECTION,
        field,
        signed_in=True,
    )


def period_close(info, global_id, field: str = "close"):
    return _find(
        info,
        global_id,
        "PeriodClose",
        lambda u: procedure.period_close_list(user=u),
        PERIOD_CLOSE,
        field,
    )


def host_report(info, global_id, field: str = "report"):
    return _find(
        info,
        global_id,
        "HostReport",
        lambda u: procedure.host_report_list(user=u),
        HOST_REPORT,
        field,
    )


def period_result_by_id(info, global_id, field: str = "result"):
    """A result (by its own id) of a closed period the caller may see."""
    return _find(
        info, global_id, "PeriodResult", lambda u: procedure.period_result_list(user=u),
        PERIOD_RESULT, field,
    )  # fmt: skip


def period_result(info, close_id, subject_id):
    """A subject's result in a closed period the caller may see."""
    close = period_close(info, close_id)
    pk = pk_of(subject_id, "Subject")
    found = close.results.select_related("subject", "close__results_board").filter(subject_id=pk)
    if pk is None or not found.exists():
        raise not_found("subject", PERIOD_RESULT)
    return found.get()


def entry(info, global_id, field: str = "entry"):
    return _find(
        info,
        global_id,
        "Entry",
        lambda u: Entry.objects.filter(account__subject_id__in=subject_list(user=u).values("pk")),
        ENTRY,
        field,
    )


def _served_items(u):
    """Shop items offered where the caller may look: by a unit above or at one of their
    units (the village shop serving a grid), inside their subtrees, or above their own
    record or household."""
    from jifen.org.models import OrgUnit
    from jifen.org.selectors import scope_for
    from jifen.subjects.models import Subject

    scope = scope_for(u)
    if scope.everything:
        return ShopItem.objects.all()
    own = Subject.objects.filter(Q(user=u) | Q(members__user=u)).select_related(
        "home_unit", "host_unit"
    )
    paths = set(scope.unit_paths) | {s.scoring_unit.path for s in own}
    if not paths:
        return ShopItem.objects.none()
    step = OrgUnit.steplen
    above = {p[:n] for p in paths for n in range(step, len(p) + 1, step)}
    below = Q(pk__in=[])
    for path in scope.unit_paths:
        below |= Q(unit__path__startswith=path)
    return ShopItem.objects.filter(Q(unit__path__in=above) | below)


def shop_item(info, global_id, field: str = "item"):
    """An item of a shop serving the caller's units or own household (NOT_FOUND outside)."""
    return _find(
        info, global_id, "ShopItem", lambda u: _served_items(u).select_related("unit"),
        SHOP_ITEM, field, signed_in=True,
    )  # fmt: skip


def kept_shop_item(info, global_id, field: str = "item"):
    """An item of a shop in the caller's units (to manage it, not to redeem it)."""
    return _find(
        info, global_id, "ShopItem",
        lambda u: ShopItem.objects.filter(unit__in=unit_list(user=u)).select_related("unit"),
        SHOP_ITEM, field, signed_in=True,
    )  # fmt: skip


def passbook_subject(info, global_id, field: str = "subject"):
    """A subject the caller sees, or the household the caller is a member of."""
    from jifen.subjects.models import Subject

    def visible(u):
        own_households = Subject.objects.filter(user=u).values("household_id")
        return Subject.objects.filter(
            Q(pk__in=subject_list(user=u).values("pk")) | Q(pk__in=own_households)
        )

    return _find(info, global_id, "Subject", visible, SUBJECT, field, signed_in=True)


def redemption(info, global_id, field: str = "redemption"):
    """A redemption of a subject the caller sees (or of their own household), or from a
    shop in the caller's units."""

    def visible(u):
        from jifen.subjects.models import Subject

        own_households = Subject.objects.filter(user=u).values("household_id")
        return Redemption.objects.filter(
            Q(subject__in=subject_list(user=u))
            | Q(subject__in=own_households)
            | Q(item__unit__in=unit_list(user=u))
        ).select_related("item__unit", "subject")

    return _find(info, global_id, "Redemption", visible, REDEMPTION, field, signed_in=True)


def pickup_point(info, global_id, field: str = "pickupPoint"):
    return _find(
        info, global_id, "PickupPoint", lambda u: PickupPoint.objects.select_related("unit"),
        PICKUP_POINT, field, signed_in=True,
    )  # fmt: skip


def ruleset(info, code: str, field: str = "code"):
    found = rulebook.ruleset_list().filter(code=code).first()
    if found is None:
        raise not_found(field, RULESET)
    return found


def evidence_ids(info, global_ids, field: str = "evidence") -> list[int]:
    ids = []
    for index, global_id in enumerate(global_ids or []):
        pk = pk_of(global_id, "Evidence")
        if pk is None:
            raise not_found(f"{field}.{index}", EVIDENCE)
        ids.append(pk)
    return ids


def optional(lookup, info, *args):
    """For query resolvers: the object, or None where a mutation would answer NOT_FOUND."""
    from jifen.errors import NotFound

    try:
        return lookup(info, *args)
    except NotFound:
        return None


def user(info, username: str, field: str = "username", grantable: bool = False):
    """A user by name among those the caller administers; with `grantable`, any active
    person of this tenant (the grant's unit is what the policy checks)."""
    from jifen.access.models import User
    from jifen.access.selectors import user_list

    actor = _user(info)
    if grantable:
        found = (
            User.objects.filter(is_system=False, is_active=True, username=username).first()
            if actor.is_authenticated
            else None
        )
    else:
        found = user_list(actor=actor).filter(username=username).first()
    if found is None:
        raise not_found(field, USER)
    return found


def subject_ids(info, global_ids, field_of) -> list[int]:
    """The subjects behind many global ids in one query (an import of 10,000 lines), in
    order; NOT_FOUND at `field_of(index)` for the first one the caller may not see."""
    pks = [pk_of(g, "Subject") for g in global_ids]
    user = _user(info)
    seen = set(
        subject_list(user=user).filter(pk__in={p for p in pks if p}).values_list("pk", flat=True)
    )
    for index, pk in enumerate(pks):
        if pk not in seen:
            raise not_found(field_of(index), SUBJECT)
    return pks  # type: ignore[return-value]


def api_token(info, global_id, field: str = "id"):
    """A token the caller may revoke: their own, or any of the tenant's for its
    administrators."""
    from jifen.access.selectors import token_visible

    return _find(
        info, global_id, "ApiToken", lambda u: token_visible(actor=u).select_related("user"),
        TOKEN, field, signed_in=True,
    )  # fmt: skip
