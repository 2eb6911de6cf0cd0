"""Writes for users and tokens."""

from __future__ import annotations

import datetime as dt

from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jifen.access.errors import AuthenticationFailed
from jifen.access.models import ApiToken, TokenScope, User, hash_token
from jifen.errors import Code, ValidationFailed

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


def token_create(
    *, user: User, name: str, scope: str = TokenScope.WRITE, days: int | None = None
) -> str:
    """Create a token and return the raw key; it is shown once and never stored (only its
    hash). It expires after `days` (at most API_TOKEN_MAX_DAYS)."""
    longest = settings.API_TOKEN_MAX_DAYS
    if days is not None and not 1 <= days <= longest:
        raise ValidationFailed(
            _("A token lives 1 to %(max)s days.") % {"max": longest}, field="days"
        )
    if scope not in TokenScope.values:
        raise ValidationFailed(_("A token's scope is read or write."), field="scope")
    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(
        user=user,
        name=name[:100],
        key_hash=hash_token(raw),
        scope=scope,
        expires_at=timezone.now() + dt.timedelta(days=days or longest),
    )
    return raw


def token_create_with_password(
    *,
    request: HttpRequest,
    username: str,
    password: str,
    name: str,
    scope: str = TokenScope.WRITE,
    days: int | None = None,
) -> str:
    """Sign in for a token. django-axes counts the failures of this username from this
    address and, past the limit, refuses even the right password until the cool-off."""
    try:
        user = authenticate(request=request, username=username, password=password)
    except AxesBackendPermissionDenied:
        user, locked = None, True
    else:
        locked = bool(getattr(request, "axes_locked_out", False))
    if locked:
        raise AuthenticationFailed(
            _("Too many failed sign-ins for this user from your address; try again later."),
            code=Code.THROTTLED,
        )
    if user is None or not user.is_active:
        raise AuthenticationFailed(_("Wrong username or password for this tenant."))
    return token_create(user=user, name=name, scope=scope, days=days)


def token_revoke(*, actor: User, token: ApiToken) -> None:
    """The token's owner, or the tenant's administrator, ends a token."""
    if token.user_id != actor.pk:
        from jifen import policy

        policy.require_tenant_admin(actor, policy.Action.REVOKE_TOKEN)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
