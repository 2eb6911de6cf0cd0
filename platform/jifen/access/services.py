"""Writes for users and tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jifen.access.errors import AuthenticationFailed
from jifen.access.models import ApiToken, PasswordLink, TokenScope, User, hash_token
from jifen.errors import Code, PermissionDenied, ValidationFailed

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
    *,
    user: User,
    name: str,
    scope: str = TokenScope.WRITE,
    days: int | None = None,
    user_agent: str = "",
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
        user_agent=(user_agent or "")[:200],
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
    new_password: str | None = None,
) -> str:
    """Sign in for a token (`user_authenticate`'s lockout and password rules)."""
    user = user_authenticate(
        request=request, username=username, password=password, new_password=new_password
    )
    return token_create(
        user=user,
        name=name,
        scope=scope,
        days=days,
        user_agent=request.headers.get("User-Agent", ""),
    )


def user_authenticate(
    *, request: HttpRequest, username: str, password: str, new_password: str | None = None
) -> User:
    """The active user with this username and password, or a refusal. django-axes counts
    the failures of this username from this address and, past the limit, refuses even the
    right password until the cool-off. A user whose password an administrator set (an
    invitation, a reset) signs in only while choosing their own (`new_password`)."""
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
    if user.must_change_password:
        _password_choose(user, password, new_password)
    return user


def user_sign_in(
    *, request: HttpRequest, username: str, password: str, new_password: str | None = None
) -> User:
    """Sign the browser in with a session cookie (`user_authenticate`'s rules); no token is
    minted. The session ends with `user_sign_out`, 12 hours without a request, a new
    password (Django checks the password's hash on every request) or a deactivation."""
    user = user_authenticate(
        request=request, username=username, password=password, new_password=new_password
    )
    session_start(request=request, user=user)
    return user


def session_start(*, request: HttpRequest, user: User) -> None:
    """A new session (and CSRF token) for `user`, who `authenticate()` returned."""
    from django.contrib.auth import login

    login(request, user)


def user_sign_out(*, request: HttpRequest) -> None:
    """End the request's session (a bearer token is untouched: `tokenRevoke` ends it)."""
    from django.contrib.auth import logout

    if hasattr(request, "session"):
        logout(request)


def _password_choose(user: User, initial: str, chosen: str | None) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    if not chosen:
        raise AuthenticationFailed(
            _("your password was set by an administrator: choose your own to sign in."),
            code=Code.PASSWORD_CHANGE_REQUIRED,
            field="newPassword",
        )
    if chosen == initial:
        raise ValidationFailed(
            _("choose a password other than the one you were given."), field="newPassword"
        )
    try:
        validate_password(chosen, user)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), field="newPassword") from exc
    user.set_password(chosen)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])


def token_touch(*, token: ApiToken) -> None:
    """Note that a token was used (signing in at the door, not a read): at most once a
    minute, so that a busy client does not write on every request."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """The token's owner, or the tenant's administrator, ends a token (an administrator's
    revocation of someone else's token is audited). Revoking a revoked token changes
    nothing."""
    from django.db import transaction

    from jifen.audit.services import audit_record

    own = token.user_id == getattr(actor, "pk", None)
    if not own:
        from jifen import policy

        policy.require_tenant_admin(actor, policy.Action.REVOKE_TOKEN)
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        if not own:
            audit_record(
                actor=actor, action="token.revoke", target=token.user,
                note=f"token {token.pk} ({token.name})",
            )  # fmt: skip
    return token


# --- administration of users (audited; sign-in itself is not here) ------------------------

INVITE_LINK_DAYS = 7


@dataclass(frozen=True)
class Invitation:
    """How the invited user gets in: an initial password (they must change it) or a
    one-time link key; each is shown once and only a hash is kept."""

    user: User
    initial_password: str | None
    link_key: str | None


def user_snapshot(user: User) -> dict:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "phone": user.phone,
        "is_active": user.is_active,
        "must_change_password": user.must_change_password,
    }


def _units_of(user: User):
    from jifen.org.models import OrgUnit

    return list(OrgUnit.objects.filter(role_assignments__user=user).distinct())


def _require_user_admin(actor, user: User) -> None:
    """Administrators over every unit where `user` holds a role (the root for a user
    without roles): a township's administrator manages only the township's people."""
    from jifen import policy

    if user.is_system or user.is_superuser:
        raise PermissionDenied(_("the system actor and superusers are not managed here."))
    units = _units_of(user)
    if not units:
        policy.require_tenant_admin(actor, policy.Action.MANAGE_USERS)
    for unit in units:
        policy.require(actor, policy.Action.MANAGE_USERS, unit)


def _new_link(user: User, purpose: str) -> str:
    raw = secrets.token_urlsafe(32)
    PasswordLink.objects.create(
        user=user,
        key_hash=hash_token(raw),
        purpose=purpose,
        expires_at=timezone.now() + dt.timedelta(days=INVITE_LINK_DAYS),
    )
    return raw


def user_invite(
    *,
    actor,
    username: str,
    display_name: str,
    phone: str = "",
    role: str,
    unit,
    by_link: bool = False,
) -> Invitation:
    """Create a user holding `role` over `unit`, with an initial password they must change
    or a one-time link. Refuses a taken username and incompatible roles (nothing is kept)."""
    from django.db import transaction

    from jifen import policy
    from jifen.audit.services import audit_record
    from jifen.errors import Conflict, ValidationFailed
    from jifen.org.services import role_assign

    policy.require(actor, policy.Action.MANAGE_USERS, unit)
    username = (username or "").strip()
    if not username or len(username) > 150 or not all(c.isalnum() or c in "._-@" for c in username):
        raise ValidationFailed(
            _("a username has 1 to 150 letters, digits or . _ - @ (no spaces)."), field="username"
        )
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(
            _("the username %(name)s is taken in this tenant; choose another.")
            % {"name": repr(username)},
            field="username",
        )
    with transaction.atomic():
        user = User(username=username, display_name=display_name.strip(), phone=phone.strip())
        password = None if by_link else secrets.token_urlsafe(9)
        if password:
            user.set_password(password)
            user.must_change_password = True
        else:
            user.set_unusable_password()
        user.save()
        link = _new_link(user, "invite") if by_link else None
        audit_record(
            actor=actor, action="user.invite", target=user, after=user_snapshot(user),
            note="link" if by_link else "initial password",
        )  # fmt: skip
        role_assign(actor=actor, user=user, role=role, unit=unit)
    return Invitation(user=user, initial_password=password, link_key=link)


def user_password_reset(*, actor, user: User, by_link: bool = False) -> Invitation:
    """A new initial password (to be changed at next sign-in) or a one-time link; the old
    password and the user's API tokens stop working."""
    from django.db import transaction

    from jifen.audit.services import audit_record

    _require_user_admin(actor, user)
    before = user_snapshot(user)
    with transaction.atomic():
        password = None if by_link else secrets.token_urlsafe(9)
        if password:
            user.set_password(password)
            user.must_change_password = True
        else:
            user.set_unusable_password()
        user.save(update_fields=["password", "must_change_password"])
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        link = _new_link(user, "reset") if by_link else None
        audit_record(
            actor=actor, action="user.password_reset", target=user, before=before,
            after=user_snapshot(user), note="link" if by_link else "initial password",
        )  # fmt: skip
    return Invitation(user=user, initial_password=password, link_key=link)


def user_set_active(*, actor, user: User, active: bool) -> User:
    """Deactivate (the user can no longer sign in; their tokens are revoked; their past
    steps keep their name) or reactivate a user."""
    from django.db import transaction

    from jifen.audit.services import audit_record

    _require_user_admin(actor, user)
    if not active and user.pk == getattr(actor, "pk", None):
        raise PermissionDenied(_("you cannot deactivate yourself; ask another administrator."))
    if user.is_active == active:
        return user
    before = user_snapshot(user)
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
        audit_record(
            actor=actor, action="user.activate" if active else "user.deactivate", target=user,
            before=before, after=user_snapshot(user),
        )  # fmt: skip
    return user


def password_set_with_link(*, key: str, password: str) -> User:
    """Choose one's password with a one-time link from an invitation or a reset."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from jifen.errors import ValidationFailed

    link = (
        PasswordLink.objects.select_related("user")
        .filter(key_hash=hash_token(key or ""), used_at__isnull=True)
        .first()
    )
    if link is None or link.expires_at < timezone.now() or not link.user.is_active:
        raise AuthenticationFailed(
            _("this link is unknown, used or expired; ask your administrator for a new one.")
        )
    try:
        validate_password(password, link.user)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), field="password") from exc
    with transaction.atomic():
        # one use even when two requests race with the same key: only one finds it unused
        if not PasswordLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        ):
            raise AuthenticationFailed(
                _("this link is unknown, used or expired; ask your administrator for a new one.")
            )
        link.user.set_password(password)
        link.user.must_change_password = False
        link.user.save(update_fields=["password", "must_change_password"])
    return link.user


def user_language_set(*, user, language: str):
    """The language the platform writes to `user` in (notifications, e-mail): their own
    choice, one of `jifen.i18n.LANGUAGES`."""
    from django.utils.translation import gettext as _

    from jifen.errors import PermissionDenied, ValidationFailed
    from jifen.i18n import LANGUAGES

    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("sign in first."))
    codes = [code for code, _name in LANGUAGES]
    if language not in codes:
        raise ValidationFailed(
            _("choose a language: %(codes)s.") % {"codes": ", ".join(codes)}, field="language"
        )
    user.language = language
    user.save(update_fields=["language"])
    return user
