"""Writes for users and tokens."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext as _

from jifen.access.errors import AuthenticationFailed
from jifen.access.models import ApiToken, User, hash_token

SYSTEM_USERNAME = "__system__"


def system_actor() -> User:
    """The current tenant's system actor: who scheduled jobs act as (created on first use)."""
    user = User.objects.filter(username=SYSTEM_USERNAME, is_system=True).first()
    if user is None:
        user, _created = User.objects.get_or_create(
            username=SYSTEM_USERNAME,
            defaults={"is_system": True, "is_active": False, "display_name": "系统(定时任务)"},
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def token_create(*, user: User, name: str) -> str:
    """Create a token and return the raw key; it is shown once and never stored."""
    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(user=user, name=name, key_hash=hash_token(raw))
    return raw


def token_create_with_password(*, username: str, password: str, name: str) -> str:
    user = authenticate(username=username, password=password)
    if user is None or not user.is_active:
        raise AuthenticationFailed(_("Wrong username or password for this tenant."))
    return token_create(user=user, name=name)


def token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
