"""The outbox: a notification's deliveries are rows of its transaction, sent at least once
per channel with their key, retried with back-off, and never lost while the far side is away."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from jifen.access.models import User
from jifen.notifications import channels
from jifen.notifications.models import Delivery, DeliveryStatus, Notification
from jifen.notifications.services import MAX_ATTEMPTS, deliveries_send, notify


class FlakyChannel:
    """A channel whose far side refuses the first `refusals` messages."""

    name = "flaky"

    def __init__(self, refusals: int):
        self.refusals = refusals
        self.received: list[str] = []

    def enabled(self) -> bool:
        return True

    def wants(self, notification) -> bool:
        return True

    def deliver(self, notification, *, key: str) -> None:
        if self.refusals:
            self.refusals -= 1
            raise ConnectionError("451 try again later")
        self.received.append(key)


@pytest.fixture
def flaky(monkeypatch):
    def install(refusals: int) -> FlakyChannel:
        channel = FlakyChannel(refusals)
        monkeypatch.setitem(channels._CHANNELS, channel.name, channel)
        return channel

    return install


def test_a_refused_delivery_is_retried_after_the_back_off_and_sent_once(in_alpha, flaky):
    channel = flaky(refusals=1)
    member = User.objects.get(username="member_1")
    with transaction.atomic():
        assert notify(recipients=[member], kind="t", title="公示", dedupe_key="k") == 1
    now = timezone.now()
    first = deliveries_send(now=now)
    assert (first.delivered, first.retrying) == (0, 1) and first.next_retry_in == 60
    assert deliveries_send(now=now + dt.timedelta(seconds=30)).delivered == 0  # not yet
    assert deliveries_send(now=now + dt.timedelta(seconds=61)).delivered == 1
    assert deliveries_send(now=now + dt.timedelta(hours=1)).delivered == 0
    [delivery] = Delivery.objects.all()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2
    assert channel.received == [delivery.key] and delivery.key.startswith("alpha.")


def test_a_notification_sent_twice_is_delivered_once(in_alpha, flaky):
    channel = flaky(refusals=0)
    member = User.objects.get(username="member_1")
    notify(recipients=[member], kind="t", title="公示", dedupe_key="same")
    notify(recipients=[member], kind="t", title="公示", dedupe_key="same")
    deliveries_send()
    assert Notification.objects.count() == 1 and len(channel.received) == 1


def test_a_delivery_that_never_succeeds_is_given_up_with_its_error(in_alpha, flaky):
    flaky(refusals=100)
    notify(recipients=[User.objects.get(username="member_1")], kind="t", title="x", dedupe_key="k")
    now = timezone.now()
    for attempt in range(MAX_ATTEMPTS):
        deliveries_send(now=now + dt.timedelta(days=attempt))
    [delivery] = Delivery.objects.all()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == MAX_ATTEMPTS
    assert delivery.last_error == "ConnectionError: 451 try again later"


def test_nothing_is_queued_for_a_channel_that_is_off(in_alpha):
    notify(recipients=[User.objects.get(username="member_1")], kind="t", title="x", dedupe_key="k")
    assert Notification.objects.count() == 1 and not Delivery.objects.exists()
