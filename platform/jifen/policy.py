"""Who may do what: the one place that decides.

Services call `require(actor, action, unit)` (or one of the rules below that need more
than a unit) before they change anything; GraphQL mutations and resolvers never decide a
permission themselves. Roles hold over a unit and everything below it: an assignment at a
township committee covers each branch under it.

Scheduled jobs act as the tenant's system actor (`jifen.access.services.system_actor`),
a real user row that cannot sign in; it may take only the steps in `SYSTEM_ACTIONS`, and
the timeline names it like anyone else. There is no "no user, skip the checks".
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from jifen.errors import PermissionDenied
from jifen.i18n import in_language
from jifen.org.models import OrgUnit, Role


class Action(StrEnum):
    DECLARE = "declaration.submit"
    RECORD_ATTENDANCE = "attendance.record"
    REVIEW = "declaration.review"
    COUNTERSIGN = "declaration.countersign"
    PUBLISH_BOARD = "board.publish"
    CONFIRM_BOARD = "board.confirm"
    RAISE_OBJECTION = "objection.raise"
    ANSWER_OBJECTION = "objection.answer"
    APPEAL_OBJECTION = "objection.appeal"
    ESCALATE_OBJECTION = "objection.escalate"
    CLOSE_PERIOD = "period.close"
    FILE_PERIOD = "period.file"
    REVIEW_FILING = "filing.review"
    SEND_HOST_REPORT = "host_report.send"
    RECEIVE_HOST_REPORT = "host_report.receive"
    BOOK_DIRECTLY = "event.book_directly"
    REVERSE_ENTRY = "entry.reverse"
    REDEEM = "redemption.make"
    KEEP_SHOP = "shop.keep"
    MOVE_SUBJECT = "subject.move"
    EDIT_RULESET = "ruleset.edit"
    ASSIGN_RULESET = "ruleset.assign"
    GRANT_ROLE = "role.grant"
    EDIT_UNITS = "unit.edit"
    EDIT_SUBJECTS = "subject.edit"
    MANAGE_USERS = "user.manage"
    IMPORT_DATA = "import.run"
    EXPORT_FORMS = "export.make"
    CHECK_WORKERS = "ops.worker_check"
    READ_AUDIT = "audit.read"
    KEEP_CALENDAR = "calendar.keep"
    INSPECT = "inspection.record"
    READ_INSPECTIONS = "inspection.read"
    REVOKE_TOKEN = "token.revoke"  # noqa: S105 (an action name, not a secret)
    READ_CLASS = "class.read"
    ASSIGN_REVIEW = "review.assign"
    GRANT_PARENT = "parent.grant"
    READ_DASHBOARD = "dashboard.read"


REVIEWERS = (Role.SECRETARY, Role.SUPERVISOR, Role.SUPERIOR, Role.ADMIN, Role.EVALUATOR)
RECORDERS = (Role.RECORDER, Role.GRID_WORKER, Role.INSPECTOR, Role.SECRETARY, Role.ADMIN)
BOARD_KEEPERS = (Role.SECRETARY, Role.SUPERIOR, Role.ADMIN)
ANSWERERS = (Role.SECRETARY, Role.SUPERVISOR, Role.SUPERIOR, Role.ADMIN)
KEEPERS_ROLES = (Role.ADMIN, Role.SECRETARY, Role.GRID_WORKER)

# The roles each action needs over the unit it acts on (the subject's scoring unit, the
# board's unit, the unit that must answer …).
ROLES: Mapping[Action, tuple[str, ...]] = {
    Action.RECORD_ATTENDANCE: RECORDERS,
    Action.REVIEW: REVIEWERS,
    Action.COUNTERSIGN: (Role.SUPERIOR, Role.ADMIN),
    Action.PUBLISH_BOARD: BOARD_KEEPERS,
    Action.CONFIRM_BOARD: BOARD_KEEPERS,
    Action.ANSWER_OBJECTION: ANSWERERS,
    Action.CLOSE_PERIOD: BOARD_KEEPERS,
    Action.FILE_PERIOD: BOARD_KEEPERS,
    # the superior organisation the period is filed with accepts or returns it
    Action.REVIEW_FILING: (Role.SUPERIOR, Role.ADMIN),
    # a floating member's host reports to the home organisation, which accepts or returns
    Action.SEND_HOST_REPORT: BOARD_KEEPERS,
    Action.RECEIVE_HOST_REPORT: ANSWERERS,
    # Booking without review or publicity: recorded facts (attendance lists, inspections,
    # imports from another system), never a member's own claim. The event says so.
    Action.BOOK_DIRECTLY: RECORDERS,
    Action.REVERSE_ENTRY: (Role.SECRETARY, Role.SUPERIOR, Role.ADMIN),
    Action.REDEEM: (Role.ADMIN, Role.SECRETARY, Role.GRID_WORKER),
    # shop keepers: goods, stock, exchange days, pickup points, handing goods over
    Action.KEEP_SHOP: KEEPERS_ROLES,
    # the township (or above) moves a household between its villages
    Action.MOVE_SUBJECT: (Role.SUPERIOR, Role.ADMIN),
    Action.EDIT_RULESET: (Role.ADMIN,),
    # any token of the tenant (a user revokes their own without a role)
    Action.REVOKE_TOKEN: (Role.ADMIN,),
    Action.ASSIGN_RULESET: (Role.ADMIN, Role.SUPERIOR),
    Action.GRANT_ROLE: (Role.ADMIN,),
    # the organisation department and superior committees shape the tree below them
    Action.EDIT_UNITS: (Role.ADMIN, Role.SUPERIOR),
    # a branch keeps its own roster (花名册); superiors and the department may too
    Action.EDIT_SUBJECTS: (Role.ADMIN, Role.SUPERIOR, Role.SECRETARY),
    Action.MANAGE_USERS: (Role.ADMIN,),
    Action.IMPORT_DATA: (Role.ADMIN,),
    # the paper forms are the unit's own records: whoever keeps or supervises them
    Action.EXPORT_FORMS: (
        Role.ADMIN,
        Role.SUPERIOR,
        Role.SECRETARY,
        Role.RECORDER,
        Role.SUPERVISOR,
        Role.GRID_WORKER,
        Role.INSPECTOR,
    ),
    Action.CHECK_WORKERS: (Role.ADMIN,),
    # food sellers: inspectors (and the bureau's administrators) record inspections and
    # licence assessments of the businesses their station supervises
    Action.INSPECT: (Role.INSPECTOR, Role.ADMIN),
    Action.READ_INSPECTIONS: (Role.INSPECTOR, Role.SUPERVISOR, Role.SUPERIOR, Role.ADMIN),
    Action.READ_AUDIT: (Role.ADMIN,),
    Action.KEEP_CALENDAR: (Role.ADMIN,),
    # a class's weekly summary, monthly reports and prizes; the teaching office's checks:
    # the head teacher (recorder or secretary of the class), the school above it
    Action.READ_CLASS: (
        Role.RECORDER,
        Role.SECRETARY,
        Role.SUPERVISOR,
        Role.SUPERIOR,
        Role.ADMIN,
    ),
    # the village forms its evaluation groups and assigns which group reviews which area
    Action.ASSIGN_REVIEW: (Role.SECRETARY, Role.SUPERIOR, Role.ADMIN),
    # linking a parent's user to their child's record is an administrator's grant
    Action.GRANT_PARENT: (Role.ADMIN,),
    # a subtree's figures (fairness included): who keeps, supervises or oversees its units
    Action.READ_DASHBOARD: (
        Role.SECRETARY,
        Role.SUPERVISOR,
        Role.SUPERIOR,
        Role.INSPECTOR,
        Role.ADMIN,
    ),
}

# What scheduled jobs do on their own when a deadline passes.
SYSTEM_ACTIONS = frozenset(
    {
        Action.PUBLISH_BOARD,
        Action.CONFIRM_BOARD,
        Action.CLOSE_PERIOD,
        Action.FILE_PERIOD,
        Action.SEND_HOST_REPORT,
        Action.ESCALATE_OBJECTION,
    }
)

# What an action is, in words, for refusals ("… at 甲县 needs one of: …").
DOING = {
    Action.DECLARE: gettext_lazy("declaring items"),
    Action.RECORD_ATTENDANCE: gettext_lazy("recording attendance"),
    Action.REVIEW: gettext_lazy("preliminary review"),
    Action.COUNTERSIGN: gettext_lazy("countersigning a secretary's scores"),
    Action.PUBLISH_BOARD: gettext_lazy("publishing the board"),
    Action.CONFIRM_BOARD: gettext_lazy("confirming the board"),
    Action.RAISE_OBJECTION: gettext_lazy("raising an objection"),
    Action.ANSWER_OBJECTION: gettext_lazy("answering an objection"),
    Action.APPEAL_OBJECTION: gettext_lazy("appealing an answered objection"),
    Action.ESCALATE_OBJECTION: gettext_lazy("escalating an unanswered objection"),
    Action.CLOSE_PERIOD: gettext_lazy("closing the period"),
    Action.FILE_PERIOD: gettext_lazy("filing results"),
    Action.REVIEW_FILING: gettext_lazy("accepting or returning a filing"),
    Action.SEND_HOST_REPORT: gettext_lazy(
        "reporting on floating members to their home organisation"
    ),
    Action.RECEIVE_HOST_REPORT: gettext_lazy("accepting or returning a host organisation's report"),
    Action.BOOK_DIRECTLY: gettext_lazy("booking events without review"),
    Action.REVERSE_ENTRY: gettext_lazy("correcting entries"),
    Action.REDEEM: gettext_lazy("redeeming points"),
    Action.KEEP_SHOP: gettext_lazy("keeping the points shop"),
    Action.MOVE_SUBJECT: gettext_lazy("moving a household to another unit"),
    Action.EDIT_RULESET: gettext_lazy("changing rulesets"),
    Action.ASSIGN_RULESET: gettext_lazy("assigning rulesets"),
    Action.GRANT_ROLE: gettext_lazy("granting roles"),
    Action.EDIT_UNITS: gettext_lazy("changing the organisation tree"),
    Action.EDIT_SUBJECTS: gettext_lazy("changing people, households and businesses"),
    Action.MANAGE_USERS: gettext_lazy("managing users"),
    Action.IMPORT_DATA: gettext_lazy("importing from Excel"),
    Action.EXPORT_FORMS: gettext_lazy("exporting paper forms"),
    Action.CHECK_WORKERS: gettext_lazy("checking the workers"),
    Action.READ_AUDIT: gettext_lazy("reading the audit log"),
    Action.KEEP_CALENDAR: gettext_lazy("keeping the local holiday calendar"),
    Action.INSPECT: gettext_lazy("recording inspections of food businesses"),
    Action.READ_INSPECTIONS: gettext_lazy("reading inspections of food businesses"),
    Action.READ_CLASS: gettext_lazy("reading a class's or the teachers' points"),
    Action.GRANT_PARENT: gettext_lazy("linking a parent to a pupil"),
    Action.ASSIGN_REVIEW: gettext_lazy("forming evaluation groups and assigning cross reviews"),
    Action.READ_DASHBOARD: gettext_lazy("reading a unit's dashboard"),
}

# Ruleset `declared_by` codes and the roles that satisfy them.
DECLARER_CODES = {
    "member": (Role.MEMBER,),
    "other_member": (Role.MEMBER,),
    "recorder": (Role.RECORDER, Role.GRID_WORKER, Role.SECRETARY),
    "grid_worker": (Role.GRID_WORKER,),
    "inspector": (Role.INSPECTOR,),
    "party_office": (Role.ADMIN, Role.SUPERIOR),
    "secretary": (Role.SECRETARY,),
    # teacher routine: 教学部门工作人员、教研组长 check the teachers (seed 000 §4 l.307)
    "checker": (Role.RECORDER, Role.SECRETARY),
}


def is_system(actor: Any) -> bool:
    return bool(getattr(actor, "is_system", False))


def roles_over(actor: Any, unit: OrgUnit) -> set[str]:
    """Roles `actor` holds at `unit` or any of its ancestors (all of them for a superuser)."""
    if not getattr(actor, "is_authenticated", False) or is_system(actor):
        return set()
    if actor.is_superuser:
        return set(Role.values)
    from jifen.org.selectors import held_roles

    return {role for role, path in held_roles(actor) if unit.path.startswith(path)}


def role_names(roles) -> str:
    """Role labels in the current language, as a list ("记分员、支部书记" / "Recorder, …")."""
    return pgettext("list separator", ", ").join(in_language(Role(r).label) for r in roles)


def _denied(action: Action, unit: OrgUnit) -> PermissionDenied:
    return PermissionDenied(
        _("%(doing)s at %(unit)s needs one of: %(roles)s.")
        % {
            "doing": DOING.get(action, action),
            "unit": unit.name,
            "roles": role_names(ROLES.get(action, ())),
        }
    )


def require(actor: Any, action: Action, unit: OrgUnit) -> set[str]:
    """The roles `actor` holds over `unit`, or `PermissionDenied` if they do not allow
    `action` there. The system actor may take the system's actions anywhere."""
    if is_system(actor):
        if action in SYSTEM_ACTIONS:
            return set()
        raise PermissionDenied(
            _("scheduled jobs may not do this: %(doing)s.") % {"doing": DOING.get(action, action)}
        )
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("sign in first."))
    held = roles_over(actor, unit)
    if not held & set(ROLES[action]):
        raise _denied(action, unit)
    return held


def may(actor: Any, action: Action, unit: OrgUnit) -> bool:
    try:
        require(actor, action, unit)
    except PermissionDenied:
        return False
    return True


def own_subject_ids(actor: Any) -> set[int]:
    from jifen.subjects.models import Subject

    if not getattr(actor, "pk", None):
        return set()
    return set(Subject.objects.filter(user=actor).values_list("pk", flat=True))


# --- rules that need more than a unit -----------------------------------------------------


def declaration_kind(actor: Any, subject: Any, unit: OrgUnit) -> tuple[str, set[str]]:
    """How `actor` may declare for `subject` (self, report, record), or PermissionDenied."""
    held = roles_over(actor, unit)
    if subject.user_id is not None and subject.user_id == getattr(actor, "pk", None):
        if Role.MEMBER not in held and not actor.is_superuser:
            raise PermissionDenied(
                _("you are not registered as a member of %(unit)s.") % {"unit": unit.name}
            )
        return "self", held
    if held & set(RECORDERS):
        return "record", held
    if Role.MEMBER in held:
        return "report", held
    raise PermissionDenied(
        _(
            "you may declare only for yourself, for members of your own unit, "
            "or as a recorder of %(unit)s."
        )
        % {"unit": unit.name}
    )


def _declaring_as(kind: str) -> str:
    """How one declares (`declaration_kind`), in words."""
    return {
        "self": pgettext("way of declaring", "self"),
        "report": pgettext("way of declaring", "report"),
        "record": pgettext("way of declaring", "record"),
    }.get(kind, kind)


def require_declarer(item: Mapping[str, Any], kind: str, held: set[str]) -> None:
    """The item's `declared_by` list admits this way of declaring it."""
    codes = item.get("declared_by")
    if not codes:
        return
    if kind == "self":
        wanted = {"member"}
    elif kind == "report":
        wanted = {"other_member"}
    else:
        wanted = {c for c in codes if held & set(DECLARER_CODES.get(c, ()))} - {
            "member",
            "other_member",
        }
    if not wanted & set(codes):
        raise PermissionDenied(
            _("item %(item)s may be declared only by: %(codes)s (you are declaring as %(kind)s).")
            % {"item": repr(item["code"]), "codes": ", ".join(codes), "kind": _declaring_as(kind)}
        )


def require_reviewer(actor: Any, declaration: Any) -> set[str]:
    """Preliminary review: a reviewer over the unit, never of one's own declaration or
    points. An evaluator reviews as a member of an evaluation group the village assigned to
    the declaration's area (cross review, `jifen.org.evaluation`), never their own area."""
    from jifen.org.evaluation import own_areas, reviewing_groups
    from jifen.subjects.models import Subject

    held = roles_over(actor, declaration.unit)
    if not is_system(actor) and not held & (set(REVIEWERS) - {Role.EVALUATOR}):
        if getattr(actor, "is_authenticated", False) and reviewing_groups(
            user=actor, unit=declaration.unit
        ):
            held |= {Role.EVALUATOR}
        elif Role.EVALUATOR in held:
            raise PermissionDenied(
                _(
                    "an evaluation group reviews only the areas the village assigned to it; "
                    "%(unit)s is not one of them."
                )
                % {"unit": declaration.unit.name}
            )
        else:
            held = require(actor, Action.REVIEW, declaration.unit)
    else:
        held = require(actor, Action.REVIEW, declaration.unit)
    if declaration.declared_by_id == actor.pk or declaration.subject_id in own_subject_ids(actor):
        raise PermissionDenied(_("nobody may review their own declaration or their own points."))
    if not held & (set(REVIEWERS) - {Role.EVALUATOR}):
        own = [a.path for a in own_areas(user=actor)]
        own += list(Subject.objects.filter(user=actor).values_list("home_unit__path", flat=True))
        if any(declaration.unit.path.startswith(path) for path in own if path):
            raise PermissionDenied(
                _("an evaluation group reviews another group's area, not its own.")
            )
    return held


def require_pupil_reader(actor: Any, pupil: Any) -> None:
    """A pupil's points and reports: the pupil, their parents (`school.Guardian`), or
    whoever reads the class (`Action.READ_CLASS` over the pupil's unit)."""
    from jifen.school.models import Guardian

    if pupil.pk in own_subject_ids(actor):
        return
    if getattr(actor, "pk", None) and Guardian.objects.filter(user=actor, pupil=pupil).exists():
        return
    require(actor, Action.READ_CLASS, pupil.scoring_unit)


def require_objector(actor: Any, subject: Any, unit: OrgUnit) -> None:
    """Whoever can see the board (its unit's people) or the member concerned may object."""
    if not roles_over(actor, unit) and subject.pk not in own_subject_ids(actor):
        raise PermissionDenied(
            _("only people who can see the board of %(unit)s may object.") % {"unit": unit.name}
        )


def require_answerer(actor: Any, objection: Any) -> None:
    require(actor, Action.ANSWER_OBJECTION, objection.handled_by)
    if actor.pk == objection.raised_by_id or objection.subject_id in own_subject_ids(actor):
        raise PermissionDenied(
            _("you cannot answer an objection you raised or one about your own points.")
        )


def require_appellant(actor: Any, objection: Any) -> None:
    if actor.pk != objection.raised_by_id and objection.subject_id not in own_subject_ids(actor):
        raise PermissionDenied(_("only the objector or the member concerned may appeal."))


def may_read_rules(actor: Any) -> bool:
    """Rules are published to everyone they score: any signed-in user with a role here
    (the rulesets, their items and the shipped templates)."""
    from jifen.org.selectors import scope_for

    return not is_system(actor) and not scope_for(actor).empty


def require_tenant_admin(actor: Any, action: Action) -> None:
    """Tenant-wide changes (rulesets, the audit log): administrators of the root unit."""
    from jifen.org.services import unit_root

    root = unit_root()
    if root is None:
        raise PermissionDenied(_("this tenant has no organisation yet."))
    require(actor, action, root)


def answerers(unit: OrgUnit) -> list:
    """The people who answer for `unit`: its secretaries, supervisors, superiors, admins."""
    from jifen.access.models import User

    return list(
        User.objects.filter(
            role_assignments__unit=unit,
            role_assignments__role__in=ANSWERERS,
            is_active=True,
        ).distinct()
    )


def nearest_answerers(unit: OrgUnit) -> list:
    """The answerers of `unit`, or of its nearest superior that has some: a branch without
    a secretary in the system is answered for by its committee."""
    for path in sorted(unit.ancestor_paths(), key=len, reverse=True):
        found = answerers(OrgUnit.objects.get(path=path))
        if found:
            return found
    return []


# --- nobody scores themselves -------------------------------------------------------------


def is_bonus(item: Mapping[str, Any]) -> bool:
    """Whether an item can add points (its points, range or per-value points above 0)."""
    values: list[Any] = [item.get("points")]
    values += list(item.get("points_range") or [])
    values += list(((item.get("points_by") or {}).get("values") or {}).values())
    values += [v.get("points") for v in item.get("variants") or () if isinstance(v, Mapping)]
    return any(isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in values)


def require_booker(
    actor: Any,
    subject: Any,
    unit: OrgUnit,
    item: Mapping[str, Any] | None = None,
    *,
    held: set[str] | None = None,
) -> set[str]:
    """Booking without review: a recorder over the subject's unit, never for their own
    points; a bonus whose item requires evidence goes through declaration (with it).

    `held` is what `require(actor, BOOK_DIRECTLY, unit)` answered when the caller asked
    already (the roles are then not read twice); a subject instance is checked for being
    the actor's own without a query."""
    if held is None:
        held = require(actor, Action.BOOK_DIRECTLY, unit)
    elif not is_system(actor) and not held & set(ROLES[Action.BOOK_DIRECTLY]):
        raise _denied(Action.BOOK_DIRECTLY, unit)
    if hasattr(subject, "user_id"):
        own = subject.user_id is not None and subject.user_id == getattr(actor, "pk", None)
    else:
        own = subject in own_subject_ids(actor)
    if own:
        raise PermissionDenied(
            _("nobody may book points for themselves; another recorder has to book them.")
        )
    if item is not None and item.get("evidence") == "required" and is_bonus(item):
        raise PermissionDenied(
            _(
                "item %(item)s needs evidence: declare it with the evidence for review instead "
                "of booking it directly."
            )
            % {"item": item.get("code")}
        )
    return held


# Events one person booked alone, without a declaration reviewed by another.
BOOKED_ALONE = ("api", "import", "attendance")


def require_reverser(actor: Any, entry: Any, subject: Any, unit: OrgUnit) -> set[str]:
    """A correction is a second person's: never about one's own points, and an entry that
    someone booked alone (directly, by import or attendance list) is reversed by another.
    A declared entry already had two people (declarer and reviewer)."""
    held = require(actor, Action.REVERSE_ENTRY, unit)
    if getattr(subject, "pk", subject) in own_subject_ids(actor):
        raise PermissionDenied(_("nobody may reverse entries about their own points."))
    event = getattr(entry, "event", None)
    if (
        event is not None
        and event.source in BOOKED_ALONE
        and event.recorded_by_id == getattr(actor, "pk", None)
    ):
        raise PermissionDenied(_("you booked this entry; a second person has to reverse it."))
    return held
