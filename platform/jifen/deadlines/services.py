"""Scheduling deadlines and sweeping the due ones."""

from __future__ import annotations

import datetime as dt
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import structlog
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jifen.deadlines.models import Deadline, DeadlineStatus, LocalDay, LocalDayKind
from jifen.deadlines.registry import HANDLERS
from jifen.deadlines.signals import calendar_changed
from jifen.errors import NotFound, ValidationFailed

log = structlog.get_logger(__name__)

MAX_ATTEMPTS = 5


def local_moment(day: dt.date, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A wall-clock time on `day` in the platform's time zone (Asia/Shanghai)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def deadline_schedule(
    *, kind: str, key: str, due_at: dt.datetime, payload: dict[str, Any]
) -> Deadline:
    """Create the deadline unless one with this key exists (then it is returned as it is)."""
    deadline, _ = Deadline.objects.get_or_create(
        key=key, defaults={"kind": kind, "due_at": due_at, "payload": payload}
    )
    return deadline


@dataclass(frozen=True)
class DeadlineSpec:
    kind: str
    key: str
    due_at: dt.datetime
    payload: dict[str, Any]


def deadlines_schedule(*, specs: Sequence[DeadlineSpec]) -> int:
    """Create the deadlines whose keys do not exist yet, in two queries whatever their
    number (existing rows are left as they are). Returns how many were missing."""
    wanted = {spec.key: spec for spec in specs}
    existing = set(Deadline.objects.filter(key__in=list(wanted)).values_list("key", flat=True))
    missing = [spec for key, spec in wanted.items() if key not in existing]
    # ignore_conflicts: a concurrent planner may insert the same keys first
    Deadline.objects.bulk_create(
        [Deadline(kind=s.kind, key=s.key, due_at=s.due_at, payload=s.payload) for s in missing],
        ignore_conflicts=True,
    )
    return len(missing)


@dataclass(frozen=True)
class SweepReport:
    done: int
    failed: int
    retried: int


def deadlines_sweep(
    *, now: dt.datetime | None = None, limit: int = 200, budget_seconds: float = 50.0
) -> SweepReport:
    """Run due deadlines, one row per transaction, skipping rows other workers hold.

    The handler runs inside the row's transaction: if the process dies, PostgreSQL rolls
    the work back and releases the lock, and the row is due again for the next sweep.
    """
    started = time.monotonic()
    done = failed = retried = 0
    for _attempt in range(limit):
        if time.monotonic() - started > budget_seconds:
            break
        moment = now or timezone.now()
        with transaction.atomic():
            row = (
                Deadline.objects.select_for_update(skip_locked=True)
                .filter(status=DeadlineStatus.PENDING, due_at__lte=moment)
                .order_by("due_at", "pk")
                .first()
            )
            if row is None:
                break
            handler = HANDLERS.get(row.kind)
            try:
                if handler is None:
                    raise LookupError(f"no handler for deadline kind {row.kind!r}")
                with transaction.atomic():
                    handler(row, moment)
            except Exception as exc:
                row.attempts += 1
                row.last_error = "".join(traceback.format_exception_only(exc)).strip()
                if row.attempts >= MAX_ATTEMPTS:
                    row.status = DeadlineStatus.FAILED
                    failed += 1
                else:
                    # back off 1, 4, 9, 16 minutes; the row stays due for a later sweep
                    row.due_at = moment + dt.timedelta(minutes=row.attempts**2)
                    retried += 1
                log.warning("deadline.failed", kind=row.kind, key=row.key, error=row.last_error)
            else:
                row.status = DeadlineStatus.DONE
                row.done_at = timezone.now()
                done += 1
            row.save()
    return SweepReport(done, failed, retried)


def local_day_set(*, actor, day: dt.date, kind: str, name: str) -> LocalDay:
    """Add or change a tenant's local day off or working day (tenant administrators); the
    tenant's open deadlines of that year are counted again in the same transaction."""
    from jifen.audit.services import audit_record
    from jifen.policy import Action, require_tenant_admin

    require_tenant_admin(actor, Action.KEEP_CALENDAR)
    name = name.strip()
    if kind not in LocalDayKind.values:
        raise ValidationFailed(
            _("kind must be holiday or workday, not %(kind)r.") % {"kind": kind}, field="kind"
        )
    if not name:
        raise ValidationFailed(_("name the day (e.g. 三月三)."), field="name")
    with transaction.atomic():
        existing = LocalDay.objects.select_for_update().filter(day=day).first()
        before = {"kind": existing.kind, "name": existing.name} if existing else None
        local, _created = LocalDay.objects.update_or_create(
            day=day, defaults={"kind": kind, "name": name[:50], "added_by": actor}
        )
        audit_record(
            actor=actor, action="calendar.local_day_set", target=local, before=before,
            after={"kind": kind, "name": local.name},
        )  # fmt: skip
        calendar_changed.send(sender=LocalDay, year=day.year)
    return local


def local_day_remove(*, actor, day: dt.date) -> None:
    from jifen.audit.services import audit_record
    from jifen.policy import Action, require_tenant_admin

    require_tenant_admin(actor, Action.KEEP_CALENDAR)
    with transaction.atomic():
        local = LocalDay.objects.select_for_update().filter(day=day).first()
        if local is None:
            raise NotFound(_("%(day)s is not a local day of this tenant.") % {"day": day})
        audit_record(
            actor=actor, action="calendar.local_day_remove", target=local,
            before={"kind": local.kind, "name": local.name},
        )  # fmt: skip
        local.delete()
        calendar_changed.send(sender=LocalDay, year=day.year)
