"""Users and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A login. In a tenant schema it belongs to that tenant only; in public, an operator."""

    display_name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    # The tenant's scheduled jobs act as this one inactive user (no password, no sign-in),
    # so every step has an actor and the timeline says a job took it.
    is_system = models.BooleanField(default=False)
    # Set by an invitation with an initial password or an administrator's reset: the
    # password works once, to choose one's own.
    must_change_password = models.BooleanField(default=False)
    # What the platform writes to this user when no request says (notifications, e-mail):
    # a `jifen.i18n.LANGUAGES` code, Chinese unless the user chose English.
    language = models.CharField(max_length=10, default="zh-hans")

    def __str__(self) -> str:
        return self.display_name or self.username

    def save(self, *args, **kwargs) -> None:
        # A new password ends every API token: whoever knew the old one may hold a token.
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            from django.utils import timezone

            self.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenScope(models.TextChoices):
    READ = "read", "read only"
    WRITE = "write", "read and write"


class ApiToken(models.Model):
    """A bearer token for GraphQL clients; only its hash is stored. It expires, and a
    read-only one runs no mutation."""

    PREFIX = "jf_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    # the client that asked for it (the sign-in request's User-Agent), so that its owner
    # recognises it in the list
    user_agent = models.CharField(max_length=200, blank=True, default="")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # null never after migration 0003 (older tokens got created_at + 90 days); null = expired
    expires_at = models.DateTimeField(null=True, blank=True)
    scope = models.CharField(max_length=10, choices=TokenScope.choices, default=TokenScope.WRITE)

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @classmethod
    def new_raw_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class PasswordLink(models.Model):
    """A one-time link to choose a password (invitation or reset); only its hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_links")
    key_hash = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=20, default="invite")  # invite | reset
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.purpose} link for {self.user}"


class LightLogin(models.TextChoices):
    """How members sign in without a username (the light login villages use)."""

    OFF = "off", "关闭 Off"
    CODE = "code", "姓名+身份证后四位+验证码 Name, last four and a one-time code"
    PASSWORD = "password", "姓名+身份证后四位+密码 Name, last four and a set password"


class SignInSettings(models.Model):
    """The tenant's sign-in options: one row per tenant schema (`sign_in_settings()`)."""

    light_login = models.CharField(
        max_length=10, choices=LightLogin.choices, default=LightLogin.OFF
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"light login {self.light_login}"
