"""Delivery channels. In-app delivery is the row itself; the others are registered here.

A channel delivers one committed notification with its idempotency key (`Delivery.key`):
delivery is at least once (a crash after sending and before recording sends again), so a
channel passes the key on where the far side can drop a repeat (e-mail: the Message-ID).
A channel raises to have the delivery retried. SMS goes to the gateway at `JIFEN_SMS_URL`; WeCom: register another `Channel`.
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


class SmsChannel:
    """An SMS gateway at `JIFEN_SMS_URL`, to recipients with a phone number: one JSON POST
    `{"to", "text", "key"}` per message (the key also as `Idempotency-Key`, so a gateway
    can drop a repeat); any answer but 2xx raises, to be retried."""

    name = "sms"
    timeout = 10

    def enabled(self) -> bool:
        return bool(getattr(settings, "SMS_URL", ""))

    def wants(self, notification: Notification) -> bool:
        return bool(getattr(notification.recipient, "phone", ""))

    def deliver(self, notification: Notification, *, key: str) -> None:
        import json
        import urllib.request

        text = notification.body or notification.title
        request = urllib.request.Request(  # noqa: S310 (an operator-set http(s) URL)
            settings.SMS_URL,
            data=json.dumps(
                {"to": notification.recipient.phone, "text": text, "key": key}
            ).encode(),
            headers={"Content-Type": "application/json", "Idempotency-Key": key},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            if not 200 <= response.status < 300:
                raise RuntimeError(f"the SMS gateway answered {response.status}")


_CHANNELS: dict[str, Channel] = {"email": EmailChannel(), "sms": SmsChannel()}


def register(channel: Channel) -> None:
    _CHANNELS[channel.name] = channel


def channel(name: str) -> Channel | None:
    return _CHANNELS.get(name)


def enabled_channels() -> list[Channel]:
    return [c for c in _CHANNELS.values() if c.enabled()]
