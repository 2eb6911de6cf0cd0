"""Delivery channels. In-app delivery is the row itself; the others are registered here.

A channel delivers one committed notification with its idempotency key (`Delivery.key`):
delivery is at least once (a crash after sending and before recording sends again), so a
channel passes the key on where the far side can drop a repeat (e-mail: the Message-ID).
A channel raises to have the delivery retried. SMS or WeCom: register another `Channel`.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage

from jifen.notifications.models import Notification


class Channel(Protocol):
    name: str

    def enabled(self) -> bool: ...

    def wants(self, notification: Notification) -> bool: ...

    def deliver(self, notification: Notification, *, key: str) -> None: ...


class EmailChannel:
    """SMTP when `JIFEN_EMAIL_URL` is set, to recipients with an address."""

    name = "email"

    def enabled(self) -> bool:
        return bool(getattr(settings, "EMAIL_URL_CONFIGURED", False))

    def wants(self, notification: Notification) -> bool:
        return bool(notification.recipient.email)

    def deliver(self, notification: Notification, *, key: str) -> None:
        message = EmailMessage(
            subject=notification.title,
            body=notification.body or notification.title,
            to=[notification.recipient.email],
            headers={"Message-ID": f"<{key}@jifen>"},
        )
        message.send(fail_silently=False)


_CHANNELS: dict[str, Channel] = {"email": EmailChannel()}


def register(channel: Channel) -> None:
    _CHANNELS[channel.name] = channel


def channel(name: str) -> Channel | None:
    return _CHANNELS.get(name)


def enabled_channels() -> list[Channel]:
    return [c for c in _CHANNELS.values() if c.enabled()]
