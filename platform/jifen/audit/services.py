"""Writing the audit log, inside the transaction of the change it records."""

from __future__ import annotations

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
