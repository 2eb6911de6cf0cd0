"""Step 6 (end): filing the closed period with the superior organisation (报上级备案)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from jifen import policy
from jifen.org.models import OrgUnit
from jifen.policy import Action
from jifen.procedure.models import CloseStatus, PeriodClose
from jifen.procedure.services._common import step


def period_file(*, actor, close: PeriodClose) -> PeriodClose:
    """File the closed period with the superior organisation (idempotent)."""
    policy.require(actor, Action.FILE_PERIOD, close.unit)
    parent = OrgUnit.objects.get_parent(close.unit)
    with transaction.atomic():
        close = PeriodClose.objects.select_for_update().get(pk=close.pk)
        if close.status == CloseStatus.FILED:
            return close
        close.status = CloseStatus.FILED
        close.filed_with = parent or close.unit
        close.filed_by = actor
        close.filed_at = timezone.now()
        close.save()
        step("filed", actor, f"with {close.filed_with.name}", close=close)
    return close
