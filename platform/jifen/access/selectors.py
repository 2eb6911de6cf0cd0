"""Reads for users and tokens."""

from __future__ import annotations

from django.utils import timezone

from jifen.access.models import ApiToken, User, hash_token


def user_for_token(*, raw: str) -> User | None:
    """The active user owning an unrevoked token, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    # Touch at most once a minute so that a busy client does not write on every request.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
