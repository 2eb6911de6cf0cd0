"""Sending notifications: idempotent rows, and an outbox of deliveries per channel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import structlog
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from jifen.notifications.channels import channel, enabled_channels
from jifen.notifications.models import Delivery, DeliveryStatus, Notification

log = structlog.get_logger(__name__)

MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Text:
    """A message written in each recipient's own language: an English msgid marked with
    `gettext_lazy` and its parameters (lazy ones are translated too), rendered per
    recipient under `User.language` — not in the language of whoever caused it."""

    message: Any
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:  # in the active language (a Text may hold another)
        return str(self.message) % {k: str(v) for k, v in self.params.items()}

    def render(self, language: str) -> str:
        with translation.override(language or "zh-hans"):
            return str(self)


def _in_language(text: str | Text, user) -> str:
    if isinstance(text, Text):
        return text.render(getattr(user, "language", "") or "zh-hans")
    return str(text)


def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: str | Text,
    body: str | Text = "",
    link: str = "",
    dedupe_key: str,
) -> int:
    """Create one notification per recipient unless one with this key exists, with one
    delivery row per enabled channel, in the caller's transaction; a worker delivers them
    after commit. A `Text` title or body is written in each recipient's language; `link`
    is the web app's page of the thing itself. Returns how many notifications were new."""
    users = {u.pk: u for u in recipients if u is not None}
    if not users:
        return 0
    existing = set(
        Notification.objects.filter(recipient_id__in=users, dedupe_key=dedupe_key).values_list(
            "recipient_id", flat=True
        )
    )
    new = [u for pk, u in users.items() if pk not in existing]
    if not new:
        return 0
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=kind,
                title=_in_language(title, user)[:200],
                body=_in_language(body, user),
                link=link,
                dedupe_key=dedupe_key,
            )
            for user in new
        ],
        ignore_conflicts=True,  # a concurrent run of the same job inserted it first
    )
    # ignore_conflicts leaves pks unset on PostgreSQL: read the rows back
    rows = list(
        Notification.objects.filter(dedupe_key=dedupe_key, recipient_id__in=[u.pk for u in new])
        .select_related("recipient")
        .filter(deliveries__isnull=True)
    )
    channels = enabled_channels()
    now = timezone.now()
    Delivery.objects.bulk_create(
        [
            Delivery(
                notification=n, channel=c.name, key=f"{connection.schema_name}.{n.pk}.{c.name}",
                next_attempt_at=now,
            )
            for n in rows
            for c in channels
            if c.wants(n)
        ],
        ignore_conflicts=True,
    )  # fmt: skip
    if channels:
        transaction.on_commit(_send_soon)
    return len(rows)


def _send_soon(countdown: float = 0, queue: str | None = None) -> None:
    """Ask a worker to deliver; if the broker is away the sweep finds the rows later."""
    from workers.tasks.notifications import deliver_notifications_task

    try:
        options = {"queue": queue} if queue else {}
        deliver_notifications_task.apply_async(countdown=countdown, **options)
    except Exception as exc:  # never turn a committed change into an error
        log.warning("notifications.not_queued", error=str(exc))


@dataclass(frozen=True)
class Sent:
    delivered: int
    retrying: int
    failed: int
    next_retry_in: float | None


def _backoff(attempts: int) -> dt.timedelta:
    base = float(getattr(settings, "NOTIFICATION_RETRY_SECONDS", 60))
    return dt.timedelta(seconds=min(base * 2 ** (attempts - 1), 6 * 3600))


def deliveries_send(*, now: dt.datetime | None = None, limit: int = 200) -> Sent:
    """Deliver the due rows, one transaction each (`FOR UPDATE SKIP LOCKED`: two workers
    never send the same row at once). A failure is retried with back-off, then given up
    after `MAX_ATTEMPTS` with its error kept for an operator."""
    now = now or timezone.now()
    delivered = retrying = failed = 0
    # only the channels this process is set up for: a worker without the mail settings
    # leaves e-mail to one that has them, rather than "deliver" it nowhere
    names = [c.name for c in enabled_channels()]
    for _attempt in range(limit if names else 0):
        with transaction.atomic():
            row = (
                Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("notification__recipient")
                .filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now, channel__in=names)
                .order_by("next_attempt_at", "pk")
                .first()
            )
            if row is None:
                break
            row.attempts += 1
            target = channel(row.channel)
            try:
                if target is None:
                    raise LookupError(f"no channel {row.channel!r} is registered")
                target.deliver(row.notification, key=row.key)
            except Exception as exc:  # the far side refused or is away: try again later
                row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                if row.attempts >= MAX_ATTEMPTS:
                    row.status = DeliveryStatus.FAILED
                    failed += 1
                    log.error("notifications.gave_up", key=row.key, error=row.last_error)
                else:
                    row.next_attempt_at = now + _backoff(row.attempts)
                    retrying += 1
            else:
                row.status, row.delivered_at, row.last_error = DeliveryStatus.DELIVERED, now, ""
                delivered += 1
            row.save()
    upcoming = (
        Delivery.objects.filter(status=DeliveryStatus.PENDING, channel__in=names)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    wait = None if upcoming is None else max((upcoming - now).total_seconds(), 0.0)
    return Sent(delivered, retrying, failed, wait)


def notification_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read (all unread ones when `ids` is None)."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())
