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
    held = set(RoleAssignment.objects.filter(user=user, unit=unit).values_list("role", flat=True))
    for pair in INCOMPATIBLE:
        if role in pair and held & (pair - {role}):
            other = next(iter(pair - {role}))
            raise RoleConflict(
                _("%(user)s is already %(other)s of %(unit)s; the %(role)s must be someone else.")
                % {
                    "user": user,
                    "other": in_language(Role(other).label).lower(),
                    "unit": unit.name,
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
