"""Bearer-token authentication for GraphQL clients (before the session: the header wins).

Tokens are looked up in the schema the tenant router selected, so a token of tenant A is
simply unknown in tenant B.
"""

from __future__ import annotations

from collections.abc import Callable

from axes.middleware import AxesMiddleware
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from jifen.access.selectors import token_for_raw
from jifen.access.services import token_touch
from jifen.org.selectors import roles_once


class TokenAuthenticationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            token = token_for_raw(raw=header.removeprefix("Bearer ").strip())
            if token is None:
                return JsonResponse(
                    {
                        "error": "invalid_token",
                        "message": _(
                            "The bearer token is unknown, expired, revoked, or of another tenant."
                        ),
                        "hint": _("Create a token with the tokenCreate mutation on this tenant."),
                    },
                    status=401,
                )
            token_touch(token=token)
            request.user = token.user
            request.token_scope = token.scope
            # A token is not a cookie: CSRF does not apply to it.
            request._dont_enforce_csrf_checks = True
        return self.get_response(request)


class RolesOncePerRequestMiddleware:
    """The caller's role assignments are read once per request (`org.selectors.roles_once`),
    however many scopes, permission checks and per-row projections ask for them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with roles_once():
            return self.get_response(request)


class LockoutMiddleware(AxesMiddleware):
    """django-axes' answer to a locked-out sign-in form (429); GraphQL's `tokenCreate`
    answers in its own payload instead (`THROTTLED`), so its JSON is left alone."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/graphql":
            return self.get_response(request)
        return super().__call__(request)
