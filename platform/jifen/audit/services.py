"""Writing the audit log, inside the transaction of the change it records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from jifen.audit.models import AuditRecord


def audit_record(
    *,
    actor: Any,
    action: str,
    target: Any,
    before: Any = None,
    after: Any = None,
    note: str = "",
) -> AuditRecord:
    """Record one change; call it inside the change's own transaction so both land or
    neither does. `target` is the changed object (its type, id and text are kept)."""
    return AuditRecord.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=type(target).__name__,
        target_id=str(getattr(target, "pk", "") or ""),
        target=str(target)[:300],
        before=before,
        after=after,
        note=note,
    )


@dataclass(frozen=True)
class AuditEntry:
    """One change of many recorded at once (the rows an import applied)."""

    action: str
    target: Any
    before: Any = None
    after: Any = None
    note: str = ""
    label: str = ""  # how to show the target, when str(target) would read the database


def audit_record_many(*, actor: Any, entries: Iterable[AuditEntry], batch_size: int = 2000) -> int:
    """Record many changes by one actor in bulk inserts, inside the changes' transaction
    (an import of 25,000 rows writes 25,000 audit rows in a few statements)."""
    actor = actor if getattr(actor, "pk", None) else None
    rows = (
        AuditRecord(
            actor=actor,
            action=entry.action,
            target_type=type(entry.target).__name__,
            target_id=str(getattr(entry.target, "pk", "") or ""),
            target=(entry.label or str(entry.target))[:300],
            before=entry.before,
            after=entry.after,
            note=entry.note,
        )
        for entry in entries
    )
    written = 0
    while batch := list(islice(rows, batch_size)):
        AuditRecord.objects.bulk_create(batch)
        written += len(batch)
    return written
