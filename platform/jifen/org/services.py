"""Writes to the organisation tree."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from jifen.errors import Conflict
from jifen.i18n import in_language
from jifen.org.models import OrgUnit, Role


def unit_create(*, parent: OrgUnit | None, name: str, kind: str, code: str = "") -> OrgUnit:
    """Add a unit under `parent` (a new root when None)."""
    fields = {"name": name, "kind": kind, "code": code}
    if parent is None:
        return OrgUnit.objects.add_root(fields)
    # treebeard updates the parent's child count in the database; keep the object in step.
    unit = OrgUnit.objects.add_child(parent, fields)
    parent.numchild += 1
    return unit


def unit_root() -> OrgUnit | None:
    """The tenant's top unit (a tenant has one root)."""
    return OrgUnit.objects.get_root_nodes().first()


class RoleConflict(Conflict):
    """Two roles one person may not hold together over the same unit."""


# The recorder (记分员) and the supervisor (监督员) who watches them are different people.
INCOMPATIBLE = {frozenset({"recorder", "supervisor"})}


def role_assign(*, actor, user, role: str, unit: OrgUnit):
    """Give `user` a role over `unit`'s subtree, refusing incompatible combinations."""
    from jifen import policy
    from jifen.audit.services import audit_record
    from jifen.org.models import RoleAssignment

    policy.require(actor, policy.Action.GRANT_ROLE, unit)
    # Overlapping subtrees count too: a supervisor of the township would watch themselves
    # as recorder of one of its branches.
    overlapping = {
        (held_role, held_unit)
        for held_role, held_unit, path in RoleAssignment.objects.filter(user=user)
        .select_related("unit")
        .values_list("role", "unit__name", "unit__path")
        if path.startswith(unit.path) or unit.path.startswith(path)
    }
    for pair in INCOMPATIBLE:
        clash = [(r, u) for r, u in overlapping if role in pair and r in pair - {role}]
        if clash:
            other, other_unit = clash[0]
            raise RoleConflict(
                _("%(user)s is already %(other)s of %(unit)s; the %(role)s must be someone else.")
                % {
                    "user": user,
                    "other": in_language(Role(other).label).lower(),
                    "unit": other_unit,
                    "role": in_language(Role(role).label).lower(),
                },
                field="role",
            )
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
        if created:
            audit_record(
                actor=actor,
                action="role.grant",
                target=assignment,
                after={"user": user.username, "role": role, "unit": unit.name},
            )
    return assignment


# --- administration of the tree (audited, permission-checked) ------------------------------


class UnitRefused(Conflict):
    """A tree change that would break the tree or strand its people."""


def unit_snapshot(unit: OrgUnit) -> dict:
    """What the audit log keeps of a unit before and after a change."""
    parent = OrgUnit.objects.get_parent(unit) if unit.depth > 1 else None
    return {
        "name": unit.name,
        "kind": unit.kind,
        "code": unit.code,
        "parent": parent.name if parent else None,
        "is_scoring": unit.is_scoring,
        "closed": unit.closed_at is not None,
    }


def _require_open(unit: OrgUnit, field: str) -> None:
    if unit.closed_at is not None:
        raise UnitRefused(
            _("%(unit)s is closed; reopen it first.") % {"unit": unit.name}, field=field
        )


def _require_name(name: str) -> str:
    from jifen.errors import ValidationFailed

    name = (name or "").strip()
    if not name or len(name) > 200:
        raise ValidationFailed(_("a unit needs a name of 1 to 200 characters."), field="name")
    return name


def unit_add(
    *,
    actor,
    parent: OrgUnit,
    name: str,
    kind: str,
    code: str = "",
    is_scoring: bool = True,
) -> OrgUnit:
    """Add a unit under `parent` (administrators and superiors of the parent)."""
    from jifen import policy
    from jifen.audit.services import audit_record

    policy.require(actor, policy.Action.EDIT_UNITS, parent)
    _require_open(parent, "parent")
    name = _require_name(name)
    with transaction.atomic():
        unit = unit_create(parent=parent, name=name, kind=kind, code=code)
        if not is_scoring:
            unit.is_scoring = False
            unit.save(update_fields=["is_scoring"])
        audit_record(actor=actor, action="unit.create", target=unit, after=unit_snapshot(unit))
    return unit


def unit_update(
    *,
    actor,
    unit: OrgUnit,
    name: str | None = None,
    code: str | None = None,
    kind: str | None = None,
    is_scoring: bool | None = None,
) -> OrgUnit:
    """Rename a unit or change its code, kind or whether it scores (None: unchanged)."""
    from jifen import policy
    from jifen.audit.services import audit_record

    policy.require(actor, policy.Action.EDIT_UNITS, unit)
    before = unit_snapshot(unit)
    if name is not None:
        unit.name = _require_name(name)
    if code is not None:
        unit.code = code.strip()
    if kind is not None:
        unit.kind = kind
    if is_scoring is not None:
        unit.is_scoring = is_scoring
    after = unit_snapshot(unit)
    if after == before:
        return unit
    with transaction.atomic():
        unit.save(update_fields=["name", "code", "kind", "is_scoring"])
        audit_record(actor=actor, action="unit.update", target=unit, before=before, after=after)
    return unit


def unit_move(*, actor, unit: OrgUnit, parent: OrgUnit) -> OrgUnit:
    """Move `unit` with its whole subtree under `parent`. Members, role assignments, points
    and boards refer to units by id, so they move with it and keep their history; only the
    paths change (one UPDATE of the subtree)."""
    from jifen import policy
    from jifen.audit.services import audit_record

    policy.require(actor, policy.Action.EDIT_UNITS, unit)
    policy.require(actor, policy.Action.EDIT_UNITS, parent)
    if unit.depth == 1:
        raise UnitRefused(_("the top unit of the tenant cannot be moved."), field="unit")
    if parent.path.startswith(unit.path):
        raise UnitRefused(
            _("%(unit)s cannot move under itself or one of its own units.") % {"unit": unit.name},
            field="parent",
        )
    _require_open(parent, "parent")
    before = unit_snapshot(unit)
    with transaction.atomic():
        OrgUnit.objects.select_for_update().filter(pk__in=[unit.pk, parent.pk]).exists()
        OrgUnit.objects.move(unit, parent, pos="sorted-child")
        unit.refresh_from_db()
        audit_record(
            actor=actor, action="unit.move", target=unit, before=before, after=unit_snapshot(unit)
        )
    return unit


def unit_close(*, actor, unit: OrgUnit, reason: str) -> OrgUnit:
    """Close a unit (merged, dissolved): it keeps its history but is no longer used. Its
    open sub-units and current members must be moved first, so nobody is stranded."""
    from django.utils import timezone

    from jifen import policy
    from jifen.audit.services import audit_record
    from jifen.errors import ValidationFailed
    from jifen.subjects.models import Subject

    policy.require(actor, policy.Action.EDIT_UNITS, unit)
    if unit.depth == 1:
        raise UnitRefused(_("the top unit of the tenant cannot be closed."), field="unit")
    if not (reason or "").strip():
        raise ValidationFailed(
            _("say why the unit closes (merged into …, dissolved)."), field="reason"
        )
    _require_open(unit, "unit")
    open_children = OrgUnit.objects.filter(
        path__startswith=unit.path, depth=unit.depth + 1, closed_at__isnull=True
    ).count()
    if open_children:
        raise UnitRefused(
            _("%(unit)s still has %(n)d open units; move or close them first.")
            % {"unit": unit.name, "n": open_children},
            field="unit",
        )
    members = Subject.objects.filter(home_unit=unit, left_on__isnull=True).count()
    if members:
        raise UnitRefused(
            _("%(unit)s still has %(n)d members; move them to another unit first.")
            % {"unit": unit.name, "n": members},
            field="unit",
        )
    before = unit_snapshot(unit)
    unit.closed_at = timezone.now()
    unit.closed_reason = reason.strip()[:300]
    with transaction.atomic():
        unit.save(update_fields=["closed_at", "closed_reason"])
        audit_record(
            actor=actor, action="unit.close", target=unit, before=before,
            after=unit_snapshot(unit), note=unit.closed_reason,
        )  # fmt: skip
    return unit


def unit_reopen(*, actor, unit: OrgUnit) -> OrgUnit:
    from jifen import policy
    from jifen.audit.services import audit_record

    policy.require(actor, policy.Action.EDIT_UNITS, unit)
    if unit.closed_at is None:
        return unit
    if unit.depth > 1:
        _require_open(OrgUnit.objects.get_parent(unit), "unit")
    before = unit_snapshot(unit)
    unit.closed_at = None
    unit.closed_reason = ""
    with transaction.atomic():
        unit.save(update_fields=["closed_at", "closed_reason"])
        audit_record(
            actor=actor, action="unit.reopen", target=unit, before=before, after=unit_snapshot(unit)
        )
    return unit


def role_revoke(*, actor, user, role: str, unit: OrgUnit) -> bool:
    """Take a role back; False when the user did not hold it there."""
    from jifen import policy
    from jifen.audit.services import audit_record
    from jifen.org.models import RoleAssignment

    policy.require(actor, policy.Action.GRANT_ROLE, unit)
    assignment = RoleAssignment.objects.filter(user=user, role=role, unit=unit).first()
    if assignment is None:
        return False
    if role == Role.ADMIN and user.pk == getattr(actor, "pk", None) and unit.depth == 1:
        raise RoleConflict(
            _(
                "you cannot take away your own administration of the tenant; ask another administrator."
            ),
            field="role",
        )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="role.revoke",
            target=assignment,
            before={"user": user.username, "role": role, "unit": unit.name},
        )
        assignment.delete()
    return True
