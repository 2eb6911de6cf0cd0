"""Delivery channels. In-app delivery is the row itself; others are registered here.

A channel gets a committed Notification and delivers it once; SMS or WeChat can be added
by registering another `Channel` (see `register`).
"""

from __future__ import annotations

from typing import Protocol

import structlog
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from jifen.notifications.models import Notification

log = structlog.get_logger(__name__)


class Channel(Protocol):
    name: str

    def enabled(self) -> bool: ...

    def deliver(self, notification: Notification) -> None: ...


class EmailChannel:
    """SMTP when `JIFEN_EMAIL_URL` is set; users without an address are skipped."""

    name = "email"

    def enabled(self) -> bool:
        return bool(getattr(settings, "EMAIL_URL_CONFIGURED", False))

    def deliver(self, notification: Notification) -> None:
        address = notification.recipient.email
        if not address:
            return
        # Claim before sending: of two jobs delivering the same row, one sends (at most once).
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if claimed:
            send_mail(
                subject=notification.title,
                message=notification.body,
                from_email=None,
                recipient_list=[address],
            )


_CHANNELS: list[Channel] = [EmailChannel()]


def register(channel: Channel) -> None:
    _CHANNELS.append(channel)


def deliver(notification_ids: list[int]) -> None:
    """Hand new notifications to every enabled channel (called after commit)."""
    channels = [c for c in _CHANNELS if c.enabled()]
    if not channels:
        return
    for notification in Notification.objects.filter(pk__in=notification_ids).select_related(
        "recipient"
    ):
        for channel in channels:
            try:
                channel.deliver(notification)
            except Exception as exc:  # one bad address must not stop the rest
                log.warning("notification.delivery_failed", channel=channel.name, error=str(exc))
