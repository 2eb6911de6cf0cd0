"""Delivering notifications: right after the commit that made them, and in a sweep that
finds what a broker outage or a lost retry left behind."""

from __future__ import annotations

from django.utils import timezone

from workers.app import app
from workers.fanout import fan_out


@app.task(name="notifications.deliver", bind=True, ignore_result=True, acks_late=True)
def deliver_notifications_task(self) -> dict:
    from jifen.notifications.services import _send_soon, deliveries_send

    sent = deliveries_send(now=timezone.now())
    if sent.retrying and sent.next_retry_in is not None:
        # back to the queue it came from: the workers there have the channel's settings
        queue = (self.request.delivery_info or {}).get("routing_key")
        _send_soon(countdown=sent.next_retry_in, queue=queue)
    return sent.__dict__


@app.task(name="notifications.sweep_all", tenant_scoped=False, ignore_result=True)
def sweep_all_notifications_task() -> int:
    return fan_out(deliver_notifications_task)
