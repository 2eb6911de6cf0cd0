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
    return token


def user_for_token(*, raw: str) -> User | None:
    """The active user owning a valid token, or None."""
    token = token_for_raw(raw=raw)
    return token.user if token is not None else None


def tokens_of(*, user: User):
    """A user's tokens, newest first (what they list and revoke)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def token_list(*, actor, username: str | None = None):
    """Tokens the actor may see and revoke: their own; with `username`, that user's, which
    only the tenant's administrators see (anyone else gets none). Newest first."""
    from jifen import policy
    from jifen.org.services import unit_root

    if not getattr(actor, "is_authenticated", False):
        return ApiToken.objects.none()
    tokens = ApiToken.objects.select_related("user").order_by("-created_at", "-pk")
    if username is None or username == actor.username:
        return tokens.filter(user=actor)
    root = unit_root()
    if root is None or not policy.may(actor, policy.Action.REVOKE_TOKEN, root):
        return tokens.none()
    return tokens.filter(user__username=username, user__is_system=False)


def token_visible(*, actor):
    """Every token the actor may revoke: their own, or all of the tenant's for its
    administrators (what a revocation looks a token up among)."""
    from jifen import policy
    from jifen.org.services import unit_root

    if not getattr(actor, "is_authenticated", False):
        return ApiToken.objects.none()
    root = unit_root()
    if root is not None and policy.may(actor, policy.Action.REVOKE_TOKEN, root):
        return ApiToken.objects.all()
    return ApiToken.objects.filter(user=actor)


def user_list(*, actor, search: str | None = None):
    """Users an administrator manages: everyone holding a role in a subtree where the actor
    administers users, and, for the tenant's administrators, users without roles too. The
    system actor is never listed. `search` is part of a username, display name or phone."""
    from django.db.models import Q

    from jifen.org.models import OrgUnit
    from jifen.org.selectors import held_roles, paths_q
    from jifen.policy import ROLES, Action

    users = User.objects.filter(is_system=False)
    if search and search.strip():
        term = search.strip()
        users = users.filter(
            Q(username__icontains=term) | Q(display_name__icontains=term) | Q(phone__icontains=term)
        )
    if not getattr(actor, "is_authenticated", False):
        return users.none()
    if actor.is_superuser:
        return users.order_by("username")
    paths = tuple(path for role, path in held_roles(actor) if role in ROLES[Action.MANAGE_USERS])
    if not paths:
        return users.none()
    visible = Q(role_assignments__unit__in=OrgUnit.objects.filter(paths_q("path", paths)))
    if any(len(p) == OrgUnit.steplen for p in paths):
        visible |= Q(role_assignments__isnull=True)
    return users.filter(visible).distinct().order_by("username")
