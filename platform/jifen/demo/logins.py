"""The demo's logins: one per role, each someone who can really do that role's work.

The table is data: a family's demo adds a `DemoRole` (a parent, a shop keeper …) to
`DEMO_ROLES` and it is printed by `jifen demo` and listed on the sign-in page while the demo
runs (`settings.DEMO`). Every pick reads the current tenant's schema.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from jifen.org.models import Role, RoleAssignment


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str  # a Role value, or a family's own word (e.g. "parent")
    unit: str  # where they hold it


def _holders(role: str) -> QuerySet:
    return (
        RoleAssignment.objects.filter(role=role, user__is_active=True)
        .exclude(user__username="admin")
        .select_related("user", "unit")
        .order_by("user_id")  # the first made: branch 1's, the demo's best-known logins
    )


def _declaring_member() -> RoleAssignment | None:
    """A member with a record of their own scored at home (a floating member's host scores
    them; someone without a record cannot declare) and no other role."""
    from jifen.subjects.models import Subject

    others = [r for r in Role.values if r != Role.MEMBER]
    scored = Subject.objects.filter(user__isnull=False, host_unit__isnull=True).values("user")
    return (
        _holders(Role.MEMBER)
        .filter(user__in=scored)
        .exclude(user__role_assignments__role__in=others)
        .first()
    )


def _first(role: str) -> Callable[[], RoleAssignment | None]:
    return lambda: _holders(role).first()


def _superior() -> RoleAssignment | None:
    """The top-most superior (the county's organisation department before a township)."""
    return _holders(Role.SUPERIOR).order_by("unit__depth", "user_id").first()


def _admin() -> RoleAssignment | None:
    return RoleAssignment.objects.filter(role=Role.ADMIN, user__username="admin").first()


@dataclass(frozen=True)
class DemoRole:
    role: str
    pick: Callable[[], RoleAssignment | None]


DEMO_ROLES: list[DemoRole] = [
    DemoRole(Role.MEMBER, _declaring_member),
    DemoRole(Role.RECORDER, _first(Role.RECORDER)),
    DemoRole(Role.SUPERVISOR, _first(Role.SUPERVISOR)),
    DemoRole(Role.EVALUATOR, _first(Role.EVALUATOR)),
    DemoRole(Role.SECRETARY, _first(Role.SECRETARY)),
    DemoRole(Role.GRID_WORKER, _first(Role.GRID_WORKER)),
    DemoRole(Role.INSPECTOR, _first(Role.INSPECTOR)),
    DemoRole(Role.SUPERIOR, _superior),
    DemoRole(Role.ADMIN, _admin),
]


def demo_logins() -> list[DemoLogin]:
    """One login per role of `DEMO_ROLES` that this tenant's demo has (current schema)."""
    found = []
    for spec in DEMO_ROLES:
        assignment = spec.pick()
        if assignment is not None:
            found.append(DemoLogin(assignment.user.username, spec.role, assignment.unit.name))
    return found
