"""Reads for users and tokens."""

from __future__ import annotations

from django.utils import timezone

from jifen.access.models import ApiToken, User, hash_token


def token_for_raw(*, raw: str) -> ApiToken | None:
    """The unrevoked, unexpired token of an active user with this key, or None."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            key_hash=hash_token(raw),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    if token is None:
        return None
    # Touch at most once a minute so that a busy client does not write on every request.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def user_for_token(*, raw: str) -> User | None:
    """The active user owning a valid token, or None."""
    token = token_for_raw(raw=raw)
    return token.user if token is not None else None


def tokens_of(*, user: User):
    """A user's tokens, newest first (what they list and revoke)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")
