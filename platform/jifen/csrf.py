"""Django's CSRF refusals (`CSRF_FAILURE_VIEW`), answered as the API's other refusals are.

A browser signed in with the session cookie sends the `csrftoken` cookie's value in the
`X-CSRFToken` header with every POST; bearer-token clients send neither. The admin's and
the login form's HTML pages keep Django's own page.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as django_csrf_failure

HTML_PATHS = ("/admin/", "/accounts/")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if request.path.startswith(HTML_PATHS):
        return django_csrf_failure(request, reason)
    message = _(
        "This request comes with the session cookie but without this browser's CSRF token: "
        "send the csrftoken cookie's value in the X-CSRFToken header (reload the page if it "
        "was open for long), or use a bearer token."
    )
    if request.path == "/graphql":
        from jifen.graphql.views import refusal_response

        return refusal_response("CSRF_FAILED", message, 403)
    return JsonResponse(
        {
            "error": "csrf_failed",
            "message": message,
            "hint": _("Send the X-CSRFToken header, or a bearer token from tokenCreate."),
        },
        status=403,
    )
