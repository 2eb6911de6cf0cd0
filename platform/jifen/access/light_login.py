"""The light login villages use: a member's name, the last four characters of their ID
card, and a one-time code sent to them or a password they set.

Whether a tenant allows it, and with which second factor, is its `SignInSettings`
(off / code / password). Staff (anyone holding a role other than member) always sign in
with their username and password. Two people of the tenant with the same name and last
four are never told apart by guessing: both are refused with a clear message.

Every try goes through `authenticate()` with the key `light:<name>:<last four>` as the
username, so django-axes counts failures per (person, address) exactly as for passwords
and locks out a guesser. Codes are six digits, kept only as a keyed hash, valid for
`CODE_MINUTES`, used once, burnt after `CODE_TRIES` wrong tries, and sent at most once a
minute and `CODES_PER_HOUR` times an hour per person.

Codes are sent from the requesting process through the notification channels, not through
the outbox: an outbox row (or a broker message) would keep the code readable, and a code
that expires in minutes is worth no retry; the member sees at once whether it went out.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass

import structlog
from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jifen.access.errors import AuthenticationFailed
from jifen.access.models import LightLogin, SignInSettings, TokenScope, User
from jifen.errors import Code, Conflict, NotConfigured, ValidationFailed
from jifen.subjects.models import LoginCode

log = structlog.get_logger(__name__)

CODE_MINUTES = 10
CODE_TRIES = 5
CODES_PER_HOUR = 5
RESEND_SECONDS = 60


def sign_in_settings() -> SignInSettings:
    """The current tenant's sign-in options (the defaults, unsaved, until first set: a
    read never writes, so it also runs on a read replica)."""
    return SignInSettings.objects.order_by("pk").first() or SignInSettings()


def sign_in_settings_set(*, actor, light_login: str) -> SignInSettings:
    """Turn the light login off, or on with a code or a password (tenant administrators;
    audited)."""
    from jifen import policy
    from jifen.audit.services import audit_record

    policy.require_tenant_admin(actor, policy.Action.MANAGE_USERS)
    if light_login not in LightLogin.values:
        raise ValidationFailed(_("the light login is off, code or password."), field="lightLogin")
    with transaction.atomic():
        current = SignInSettings.objects.select_for_update().order_by("pk").first()
        if current is None:
            current = SignInSettings.objects.create()
        if current.light_login != light_login:
            before = {"light_login": current.light_login}
            current.light_login = light_login
            current.save(update_fields=["light_login", "updated_at"])
            audit_record(
                actor=actor, action="signin.settings", target=current, before=before,
                after={"light_login": light_login},
            )  # fmt: skip
    return current


def _key(name: str, last4: str) -> str:
    return f"light:{name}:{last4}"


def _clean(name: str, last4: str) -> tuple[str, str]:
    name, last4 = (name or "").strip(), (last4 or "").strip().upper()
    if not name:
        raise ValidationFailed(_("write your name as on your ID card."), field="personName")
    if len(last4) != 4 or not (last4[:3].isdigit() and (last4[3].isdigit() or last4[3] == "X")):
        raise ValidationFailed(
            _("write the last four characters of your ID card (digits, the last may be X)."),
            field="idCardLast4",
        )
    return name, last4


def _require_mode(wanted: str | None = None) -> str:
    mode = sign_in_settings().light_login
    if mode == LightLogin.OFF:
        raise NotConfigured(
            _("this tenant does not use the light login; sign in with your username and password.")
        )
    if wanted is not None and mode != wanted:
        if mode == LightLogin.CODE:
            message = _("this tenant signs members in with a one-time code, not a password.")
        else:
            message = _("this tenant signs members in with a password, not a one-time code.")
        raise ValidationFailed(message, field="code" if wanted == LightLogin.CODE else "password")
    return mode


def _subject(name: str, last4: str):
    """The one person with this name and last four, None for nobody; two or more are
    refused, since signing in the wrong one would show and act on another's points."""
    from jifen.subjects.models import Subject, SubjectKind

    found = list(
        Subject.objects.filter(
            kind=SubjectKind.PERSON, name=name, id_card_last4=last4, left_on__isnull=True
        )
        .select_related("user", "home_unit")
        .order_by("pk")[:2]
    )
    if len(found) > 1:
        raise Conflict(
            _(
                "more than one member here has this name and these last four characters, so "
                "the light login cannot tell you apart; sign in with a username and password, "
                "which your branch or administrator can give you."
            ),
            field="personName",
        )
    subject = found[0] if found else None
    if subject is not None and subject.user_id is not None:
        from jifen.org.models import Role

        if not subject.user.is_active:
            return None
        staff = subject.user.role_assignments.exclude(role=Role.MEMBER).exists()
        if staff or subject.user.is_staff or subject.user.is_superuser:
            raise ValidationFailed(
                _("staff sign in with their username and password, not the light login."),
                field="personName",
            )
    return subject


def _locked(request: HttpRequest, key: str) -> bool:
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_locked(request, {"username": key})


def _throttled() -> AuthenticationFailed:
    return AuthenticationFailed(
        _("Too many failed sign-ins for this person from your address; try again later."),
        code=Code.THROTTLED,
    )


def _failed(request: HttpRequest, key: str) -> None:
    """Count a failure with django-axes, as a wrong password would be."""
    user_login_failed.send(sender=__name__, credentials={"username": key}, request=request)


def _digest(subject_id: int, code: str) -> str:
    message = f"{connection.schema_name}:{subject_id}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, "sha256").hexdigest()


@dataclass(frozen=True)
class CodeSent:
    """Where the code went, masked (`138****5678`), and until when it works."""

    sent_to: str
    expires_at: dt.datetime


def _mask(address: str) -> str:
    if "@" in address:
        local, _at, domain = address.partition("@")
        return f"{local[:1]}***@{domain}"
    return f"{address[:3]}****{address[-4:]}" if len(address) >= 8 else "****"


def light_code_send(*, request: HttpRequest, name: str, last4: str) -> CodeSent:
    """Send a one-time code to the member with this name and last four, through every
    channel that can reach them (SMS to their phone, e-mail). Unknown people count as a
    failed sign-in, so the light login cannot be used to find out who is on the roll."""
    from jifen.notifications.channels import enabled_channels
    from jifen.notifications.models import Notification

    _require_mode(LightLogin.CODE)
    name, last4 = _clean(name, last4)
    key = _key(name, last4)
    if _locked(request, key):
        raise _throttled()
    subject = _subject(name, last4)
    if subject is None:
        _failed(request, key)
        if getattr(request, "axes_locked_out", False):
            raise _throttled()
        raise AuthenticationFailed(
            _("no member of this tenant signs in with this name and these last four characters.")
        )
    now = timezone.now()
    recent = list(
        LoginCode.objects.filter(subject=subject, created_at__gte=now - dt.timedelta(hours=1))
        .order_by("-created_at")
        .values_list("created_at", flat=True)
    )
    if (recent and (now - recent[0]).total_seconds() < RESEND_SECONDS) or len(
        recent
    ) >= CODES_PER_HOUR:
        raise AuthenticationFailed(
            _("a code was sent a moment ago; wait a minute (at most %(n)d codes an hour).")
            % {"n": CODES_PER_HOUR},
            code=Code.THROTTLED,
        )
    user = subject.user
    # the message is built in memory only: nothing readable about the code is stored
    recipient = User(
        username=user.username if user else f"member.{subject.pk}",
        email=user.email if user else "",
        phone=(user.phone if user else "") or subject.phone,
    )
    code = f"{secrets.randbelow(10**6):06d}"
    message = Notification(
        recipient=recipient,
        kind="light_login.code",
        title=_("Your sign-in code"),
        body=_("Your sign-in code is %(code)s. It works once, for %(minutes)d minutes. "
               "Do not tell it to anyone.") % {"code": code, "minutes": CODE_MINUTES},
    )  # fmt: skip
    channels = [c for c in enabled_channels() if c.wants(message)]
    if not channels:
        raise NotConfigured(
            _("no phone number or e-mail is recorded for you; ask your branch to record one, "
              "or to set you a password.")
        )  # fmt: skip
    with transaction.atomic():
        row = LoginCode.objects.create(
            subject=subject,
            code_hash=_digest(subject.pk, code),
            expires_at=now + dt.timedelta(minutes=CODE_MINUTES),
        )
        # older codes stop working: only the last one sent is valid
        LoginCode.objects.filter(subject=subject, used_at__isnull=True).exclude(pk=row.pk).update(
            used_at=now
        )
    sent = []
    for target in channels:
        try:
            target.deliver(message, key=f"{connection.schema_name}.login.{row.pk}.{target.name}")
        except Exception as exc:  # the far side refused: try the next channel, log why
            log.warning("light_login.not_sent", channel=target.name, error=str(exc))
            continue
        sent.append(recipient.phone if target.name == "sms" else recipient.email)
    if not sent:
        LoginCode.objects.filter(pk=row.pk).update(used_at=timezone.now())
        raise AuthenticationFailed(
            _("the code could not be sent just now; try again in a minute."),
            code=Code.INVALID_STATE,
        )
    return CodeSent(sent_to=", ".join(_mask(a) for a in sent), expires_at=row.expires_at)


class LightLoginBackend:
    """An authentication backend for `authenticate(request, username="light:…",
    light_subject=…, light_code=…|light_password=…)`: after django-axes' check, it accepts
    the subject's current code (used up by the accepting) or its user's password."""

    def authenticate(
        self, request, username=None, light_subject=None, light_code=None, light_password=None,
        **kwargs,
    ):  # fmt: skip
        if not (username or "").startswith("light:") or light_subject is None:
            return None
        if light_code is not None:
            return _accept_code(light_subject, light_code)
        if light_password is not None:
            user = light_subject.user
            if user is not None and user.is_active and user.check_password(light_password):
                return user
        return None

    def get_user(self, user_id):
        return User.objects.filter(pk=user_id, is_active=True).first()


def _accept_code(subject, code: str):
    now = timezone.now()
    row = (
        LoginCode.objects.filter(subject=subject, used_at__isnull=True, expires_at__gt=now)
        .order_by("-created_at")
        .first()
    )
    if row is None:
        return None
    if not hmac.compare_digest(row.code_hash, _digest(subject.pk, (code or "").strip())):
        LoginCode.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)
        if row.attempts + 1 >= CODE_TRIES:
            LoginCode.objects.filter(pk=row.pk).update(used_at=now)
        return None
    # single use even when two requests race: only one update finds it unused
    if not LoginCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now):
        return None
    return subject.user or _member_user(subject)


def _member_user(subject) -> User:
    """The login of a member from the roll who had none: a member over their home unit,
    no password (they sign in with codes), audited as the system's."""
    from jifen.access.services import system_actor
    from jifen.audit.services import audit_record
    from jifen.org.models import Role, RoleAssignment
    from jifen.subjects.models import Subject

    with transaction.atomic():
        locked = Subject.objects.select_for_update().get(pk=subject.pk)
        if locked.user_id is not None:
            return locked.user
        user = User(username=f"member.{subject.pk}", display_name=subject.name, phone=subject.phone)
        user.set_unusable_password()
        user.save()
        RoleAssignment.objects.get_or_create(user=user, role=Role.MEMBER, unit=subject.home_unit)
        locked.user = user
        locked.save(update_fields=["user"])
        audit_record(
            actor=system_actor(), action="user.light_login", target=user,
            after={"username": user.username, "subject": subject.name}, note="first light sign-in",
        )  # fmt: skip
    subject.user = user
    return user


def light_token_create(
    *,
    request: HttpRequest,
    name: str,
    last4: str,
    code: str | None = None,
    password: str | None = None,
    token_name: str = "web",  # noqa: S107 (the token's label, not a secret)
    scope: str = TokenScope.WRITE,
    days: int | None = None,
    new_password: str | None = None,
) -> str:
    """Sign a member in with the light login for a token (`light_authenticate`'s rules)."""
    from jifen.access.services import token_create

    user = light_authenticate(
        request=request, name=name, last4=last4, code=code, password=password,
        new_password=new_password,
    )  # fmt: skip
    return token_create(user=user, name=token_name, scope=scope, days=days)


def light_sign_in(
    *,
    request: HttpRequest,
    name: str,
    last4: str,
    code: str | None = None,
    password: str | None = None,
    new_password: str | None = None,
) -> User:
    """Sign a member's browser in with a session cookie (`light_authenticate`'s rules)."""
    from jifen.access.services import session_start

    user = light_authenticate(
        request=request, name=name, last4=last4, code=code, password=password,
        new_password=new_password,
    )  # fmt: skip
    session_start(request=request, user=user)
    return user


def light_authenticate(
    *,
    request: HttpRequest,
    name: str,
    last4: str,
    code: str | None = None,
    password: str | None = None,
    new_password: str | None = None,
) -> User:
    """The member with this name, last four and code (or password), or a refusal. Failures
    are counted and locked out by django-axes per (name and last four, address), like a
    password sign-in."""
    from jifen.access.services import _password_choose

    if code is None and password is None:
        raise ValidationFailed(_("give the code you received, or your password."), field="code")
    _require_mode(LightLogin.CODE if code is not None else LightLogin.PASSWORD)
    name, last4 = _clean(name, last4)
    key = _key(name, last4)
    if _locked(request, key):
        raise _throttled()
    subject = _subject(name, last4)
    credentials = {"light_code": code} if code is not None else {"light_password": password}
    try:
        user = authenticate(request=request, username=key, light_subject=subject, **credentials)
    except AxesBackendPermissionDenied:
        raise _throttled() from None
    if getattr(request, "axes_locked_out", False):
        raise _throttled()
    if user is None:
        if code is not None:
            message = _("this code is wrong, used or expired; ask for a new one.")
        else:
            message = _("wrong name, last four characters or password for this tenant.")
        raise AuthenticationFailed(message, field="code" if code is not None else "password")
    if password is not None and user.must_change_password:
        _password_choose(user, password, new_password)
    return user
