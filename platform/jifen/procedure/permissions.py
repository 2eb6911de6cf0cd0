"""Who may take which step, by role over the unit (at it or above it)."""

from __future__ import annotations

from jifen.org.models import OrgUnit, Role, RoleAssignment
from jifen.procedure.errors import Forbidden
from jifen.subjects.models import Subject

REVIEWERS = (Role.SECRETARY, Role.SUPERVISOR, Role.SUPERIOR, Role.ADMIN, Role.EVALUATOR)
RECORDERS = (Role.RECORDER, Role.GRID_WORKER, Role.INSPECTOR, Role.SECRETARY, Role.ADMIN)
BOARD_KEEPERS = (Role.SECRETARY, Role.SUPERIOR, Role.ADMIN)
ANSWERERS = (Role.SECRETARY, Role.SUPERVISOR, Role.SUPERIOR, Role.ADMIN)

# Ruleset `declared_by` codes and the roles that satisfy them.
DECLARER_CODES = {
    "member": (Role.MEMBER,),
    "other_member": (Role.MEMBER,),
    "recorder": (Role.RECORDER, Role.GRID_WORKER, Role.SECRETARY),
    "grid_worker": (Role.GRID_WORKER,),
    "inspector": (Role.INSPECTOR,),
    "party_office": (Role.ADMIN, Role.SUPERIOR),
    "secretary": (Role.SECRETARY,),
}


def roles_over(user, unit: OrgUnit) -> set[str]:
    """Roles `user` holds at `unit` or any of its ancestors."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return set(Role.values)
    return {
        role
        for role, path in RoleAssignment.objects.filter(user=user).values_list("role", "unit__path")
        if unit.path.startswith(path)
    }


def require(user, unit: OrgUnit, allowed: tuple[str, ...], doing: str) -> set[str]:
    held = roles_over(user, unit)
    if not held & set(allowed):
        names = "、".join(Role(r).label for r in allowed)
        raise Forbidden(f"{doing} at {unit.name} needs one of these roles: {names}.")
    return held


def scoring_unit(subject: Subject) -> OrgUnit:
    """Where a subject is scored: the host unit of a floating member, else the home unit."""
    return subject.host_unit or subject.home_unit


def own_subject_ids(user) -> set[int]:
    return set(Subject.objects.filter(user=user).values_list("pk", flat=True))


def answerers(unit: OrgUnit) -> list:
    """The people who answer for `unit`: its secretaries, supervisors and administrators."""
    from jifen.access.models import User

    return list(
        User.objects.filter(
            role_assignments__unit=unit,
            role_assignments__role__in=[Role.SECRETARY, Role.SUPERVISOR, Role.SUPERIOR, Role.ADMIN],
            is_active=True,
        ).distinct()
    )
