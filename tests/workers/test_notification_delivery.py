"""Notifications by e-mail, delivered by a real worker to a real SMTP server that refuses
the first attempt: one message arrives, once, with the delivery's key as its Message-ID."""

import time
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django_tenants.utils import schema_context

from jifen.access.models import User
from jifen.notifications.models import Delivery, DeliveryStatus
from jifen.notifications.services import notify
from jifen.testing.urls import database_url_from_settings
from jifen.testing.workers import free_port, start_worker
from tenants.services import tenant_create, tenant_delete
from workers.tasks.notifications import deliver_notifications_task


class RefusesOnce:
    def __init__(self):
        self.refused = 0
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        if not self.refused:
            self.refused += 1
            return "451 4.3.0 try again later"
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.mark.worker
def test_a_worker_delivers_an_email_once_after_the_server_refused_it(
    worlds, django_db_blocker, monkeypatch
):
    from django.conf import settings

    handler = RefusesOnce()
    smtp = Controller(handler, hostname="127.0.0.1", port=free_port())
    smtp.start()
    monkeypatch.setattr(settings, "EMAIL_URL_CONFIGURED", True)
    monkeypatch.setenv("JIFEN_EMAIL_URL", f"smtp://127.0.0.1:{smtp.port}")
    monkeypatch.setenv("JIFEN_NOTIFICATION_RETRY_SECONDS", "1")
    slug = "mailworker"
    with django_db_blocker.unblock():
        worker = start_worker(
            database_url=database_url_from_settings(connection.settings_dict),
            redis_url=settings.CELERY_BROKER_URL,
            name="mail",
            queues="mail-test",  # workers of the session, without the mail settings, stay out
        )
        tenant_create(slug=slug, name="戊县委组织部", family="county")
        try:
            with schema_context(slug):
                user = User.objects.create(username="m", email="m@example.org")
                notify(recipients=[user], kind="board_opened", title="积分公示", dedupe_key="b1")
                deliver_notifications_task.apply_async(queue="mail-test")
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    delivery = Delivery.objects.get()
                    if delivery.status == DeliveryStatus.DELIVERED:
                        break
                    time.sleep(0.3)
                assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2
            assert handler.refused == 1
            [message] = handler.messages
            assert message["Message-ID"] == f"<{delivery.key}@jifen>"
            assert message["To"] == "m@example.org"
        finally:
            worker.stop()
            smtp.stop()
            connection.set_schema_to_public()
            tenant_delete(slug=slug, confirm=slug)
