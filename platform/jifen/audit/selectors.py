"""Reading the audit log (tenant administrators, through the policy)."""

from __future__ import annotations

from django.db.models import QuerySet

from jifen.audit.models import AuditRecord
from jifen.policy import Action, require_tenant_admin


def audit_list(*, actor, target_type: str | None = None, action: str | None = None) -> QuerySet:
    require_tenant_admin(actor, Action.READ_AUDIT)
    rows = AuditRecord.objects.select_related("actor")
    if target_type:
        rows = rows.filter(target_type=target_type)
    if action:
        rows = rows.filter(action=action)
    return rows.order_by("-at", "-pk")
