"""Writes to the organisation tree."""

from __future__ import annotations

from jifen.org.models import OrgUnit


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
