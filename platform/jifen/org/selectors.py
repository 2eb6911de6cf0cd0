"""Reads of the organisation tree, always scoped to what the user may see."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from jifen.org.models import SUBTREE_READERS, OrgUnit, RoleAssignment

# user pk -> ((role, unit path), ...) while a request (or a `roles_once` block) runs
_held: contextvars.ContextVar[dict[int, tuple[tuple[str, str], ...]] | None] = (
    contextvars.ContextVar("jifen_roles_held", default=None)
)


@contextmanager
def roles_once() -> Iterator[None]:
    """Read each user's role assignments at most once inside the block (one request):
    scopes, permission checks and field projections all ask, often for every row."""
    token = _held.set({})
    try:
        yield
    finally:
        _held.reset(token)


def roles_changed() -> None:
    """Forget what `roles_once` remembered: a grant or a revocation in this request."""
    cache = _held.get()
    if cache is not None:
        cache.clear()


def held_roles(user) -> tuple[tuple[str, str], ...]:
    """(role, unit path) of each of `user`'s assignments; one query per request."""
    cache = _held.get()
    if cache is not None and user.pk in cache:
        return cache[user.pk]
    rows = tuple(RoleAssignment.objects.filter(user=user).values_list("role", "unit__path"))
    if cache is not None:
        cache[user.pk] = rows
    return rows


@dataclass(frozen=True)
class Scope:
    """The subtrees a user sees, and whether they see others' records in them."""

    unit_paths: tuple[str, ...]
    reader_paths: tuple[str, ...]
    everything: bool = False

    @property
    def empty(self) -> bool:
        return not self.everything and not self.unit_paths


def paths_q(field: str, paths: tuple[str, ...]) -> Q:
    query = Q(pk__in=[])
    for path in _outermost(paths):
        query |= Q(**{f"{field}__startswith": path})
    return query


def _outermost(paths: tuple[str, ...]) -> list[str]:
    """Drop paths already covered by an ancestor path, keeping the OR short."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def scope_for(user) -> Scope:
    """A user's scope from their role assignments; a superuser of the tenant sees all."""
    if not getattr(user, "is_authenticated", False):
        return Scope((), ())
    if user.is_superuser:
        return Scope((), (), everything=True)
    rows = held_roles(user)
    return Scope(
        unit_paths=tuple(path for _, path in rows),
        reader_paths=tuple(path for role, path in rows if role in SUBTREE_READERS),
    )


def unit_list(
    *, user, root: OrgUnit | None = None, max_depth: int | None = None, search: str | None = None
) -> QuerySet:
    """Units the user may see, in tree order, optionally under `root`, to a depth, and with
    `search` in their name or code."""
    scope = scope_for(user)
    units = OrgUnit.objects.all()
    if search and search.strip():
        term = search.strip()
        units = units.filter(Q(name__icontains=term) | Q(code__icontains=term))
    if not scope.everything:
        units = units.filter(paths_q("path", scope.unit_paths))
    if root is not None:
        units = units.filter(path__startswith=root.path)
        if max_depth is not None:
            units = units.filter(depth__lte=root.depth + max_depth)
    elif max_depth is not None:
        units = units.filter(depth__lte=max_depth)
    return units.order_by("path")


def subtree(unit: OrgUnit) -> QuerySet:
    """The unit and everything below it (one indexed prefix scan)."""
    return OrgUnit.objects.filter(path__startswith=unit.path)


def roles_of(user) -> QuerySet:
    return RoleAssignment.objects.filter(user=user).select_related("unit").order_by("unit__path")
