"""Sending notifications (idempotently)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from jifen.notifications.channels import deliver
from jifen.notifications.models import Notification


def notify(
    *, recipients: Iterable, kind: str, title: str, body: str = "", link: str = "", dedupe_key: str
) -> int:
    """Create one notification per recipient unless one with this key exists; deliver the
    new ones through the channels once the transaction commits. Returns how many were new."""
    users = {u.pk: u for u in recipients if u is not None}
    if not users:
        return 0
    existing = set(
        Notification.objects.filter(recipient_id__in=users, dedupe_key=dedupe_key).values_list(
            "recipient_id", flat=True
        )
    )
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user, kind=kind, title=title, body=body, link=link, dedupe_key=dedupe_key
            )
            for pk, user in users.items()
            if pk not in existing
        ],
        ignore_conflicts=True,  # a concurrent run of the same job inserted it first
    )
    if created:
        # ignore_conflicts leaves pks unset on PostgreSQL: look the rows up after commit.
        keys = (dedupe_key, [u.pk for u in users.values() if u.pk not in existing])

        def _after_commit() -> None:
            ids = list(
                Notification.objects.filter(
                    dedupe_key=keys[0], recipient_id__in=keys[1], emailed_at__isnull=True
                ).values_list("pk", flat=True)
            )
            deliver(ids)

        transaction.on_commit(_after_commit)
    return len(created)


def notification_mark_read(*, user, ids: Iterable[int]) -> int:
    from django.utils import timezone

    return Notification.objects.filter(
        recipient=user, pk__in=list(ids), read_at__isnull=True
    ).update(read_at=timezone.now())
