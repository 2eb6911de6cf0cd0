"""Reads of subjects, scoped by role: readers see their subtree, members themselves."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from jifen.org.models import OrgUnit
from jifen.org.selectors import paths_q, scope_for
from jifen.subjects.models import Subject


def subject_list(
    *,
    user,
    unit: OrgUnit | None = None,
    kind: str | None = None,
    category: str | None = None,
    search: str | None = None,
) -> QuerySet:
    """Subjects visible to `user`; `unit` narrows to subjects homed or hosted in its subtree."""
    scope = scope_for(user)
    subjects = Subject.objects.select_related("home_unit", "host_unit")
    if not scope.everything:
        visible = paths_q("home_unit__path", scope.reader_paths) | paths_q(
            "host_unit__path", scope.reader_paths
        )
        if getattr(user, "is_authenticated", False):
            # one's own record, and a parent's children (`school.Guardian`)
            # (a subquery, not a join: two parents must not list a pupil twice)
            from jifen.school.models import Guardian

            visible |= Q(user=user) | Q(pk__in=Guardian.objects.filter(user=user).values("pupil"))
        subjects = subjects.filter(visible)
    if unit is not None:
        subjects = subjects.filter(
            Q(home_unit__path__startswith=unit.path) | Q(host_unit__path__startswith=unit.path)
        )
    if kind:
        subjects = subjects.filter(kind=kind)
    if category:
        subjects = subjects.filter(category=category)
    if search:
        subjects = subjects.filter(name__icontains=search)
    return subjects.order_by("home_unit__path", "name", "pk")


def household_members(*, user, household: Subject) -> QuerySet:
    """The people of `household` that `user` may list: staff who see the household see its
    people, and a member of the household sees their own family (a passbook is the
    household's, not one person's)."""
    people = Subject.objects.filter(household=household).select_related("home_unit", "host_unit")
    if subject_list(user=user).filter(pk=household.pk).exists():
        return people.order_by("name", "pk")
    if getattr(user, "is_authenticated", False) and people.filter(user=user).exists():
        return people.order_by("name", "pk")
    return people.none()


def own_person(*, user) -> Subject | None:
    """The person `user` is (their own points), if they are one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Subject.objects.filter(user=user, kind="person").first()


def own_household(*, user) -> Subject | None:
    """The household `user` belongs to as one of its people (their passbook and shop)."""
    if not getattr(user, "is_authenticated", False):
        return None
    person = Subject.objects.filter(user=user, household__isnull=False).select_related("household")
    found = person.first()
    return found.household if found else None
