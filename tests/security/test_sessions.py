"""The web app's session sign-in: an HttpOnly cookie, CSRF for it, never a token."""

from __future__ import annotations

import json
import uuid

import pytest
from axes.utils import reset
from django.conf import settings
from django_tenants.utils import schema_context

from jifen.access.models import ApiToken, User
from jifen.access.services import token_create, user_set_active
from jifen.testing.clients import TenantClient

SIGN_IN = """mutation($u: String!, $p: String!) {
  signIn(username: $u, password: $p) { user { username } errors { field code message } } }"""
SIGN_OUT = "mutation { signOut { signedOut errors { code } } }"
LANGUAGE_SET = """mutation($l: Language!) { languageSet(language: $l) { errors { code } } }"""
ME = "{ me { username } }"

# Each test counts its own requests: no limit carried over from another.
pytestmark = pytest.mark.usefixtures("fresh_rate_limits")


@pytest.fixture
def address():
    """An address of this test only: counts of earlier runs stay in the cache."""
    ip = f"203.0.113.{uuid.uuid4().int % 250 + 1}"
    yield ip
    with schema_context("alpha"):
        reset(ip=ip)


@pytest.fixture
def member(alpha):
    with schema_context("alpha"):
        user = User.objects.get(username="member_1")
        user.set_password("right-pass-1")
        user.must_change_password = False
        user.save()
    return "member_1"


def _browser(address: str, language: str = "en") -> TenantClient:
    """A client that keeps cookies and gets the csrftoken cookie from the app's page."""
    client = TenantClient("alpha", language=language, enforce_csrf_checks=True)
    client.defaults["REMOTE_ADDR"] = address
    client.get("/")
    assert client.cookies["csrftoken"].value
    return client


def _post(client, query: str, variables: dict | None = None, *, csrf: bool = True):
    headers = {"X-CSRFToken": client.cookies["csrftoken"].value} if csrf else {}
    return client.post(
        "/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        headers=headers,
    )


def _sign_in(client, username: str, password: str) -> dict:
    response = _post(client, SIGN_IN, {"u": username, "p": password})
    assert response.status_code == 200, response.content
    return response.json()["data"]["signIn"]


def _me(client) -> str | None:
    me = _post(client, ME).json()["data"]["me"]
    return me and me["username"]


def test_sign_in_sets_an_httponly_lax_session_cookie_and_mints_no_token(alpha, address, member):
    client = _browser(address)
    with schema_context("alpha"):
        tokens = ApiToken.objects.count()
    response = _post(client, SIGN_IN, {"u": member, "p": "right-pass-1"})
    payload = response.json()["data"]["signIn"]
    assert payload == {"user": {"username": "member_1"}, "errors": []}
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 12 * 60 * 60
    # the csrftoken cookie is readable by the page and renewed at sign-in
    assert response.cookies["csrftoken"]["httponly"] == ""
    assert b"token" not in response.content.replace(b"csrftoken", b"")
    with schema_context("alpha"):
        assert ApiToken.objects.count() == tokens
    assert _me(client) == "member_1"


def test_sessions_expire_after_twelve_idle_hours():
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.CSRF_COOKIE_HTTPONLY is False


def test_a_wrong_password_counts_towards_the_lockout(alpha, address, member, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = _browser(address)
    codes = [_sign_in(client, member, "wrong")["errors"][0]["code"] for _ in range(3)]
    assert codes == ["AUTHENTICATION_FAILED", "AUTHENTICATION_FAILED", "THROTTLED"]
    locked = _sign_in(client, member, "right-pass-1")
    assert locked["user"] is None
    assert locked["errors"][0]["code"] == "THROTTLED"
    assert _me(client) is None


def test_sign_in_without_the_csrf_header_is_refused(alpha, address, member):
    client = _browser(address)
    response = _post(client, SIGN_IN, {"u": member, "p": "right-pass-1"}, csrf=False)
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_FAILED"
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_a_cookie_request_without_the_csrf_header_is_refused_in_the_users_language(
    alpha, address, member
):
    client = _browser(address, language="zh-CN")
    assert _sign_in(client, member, "right-pass-1")["errors"] == []
    response = _post(client, LANGUAGE_SET, {"l": "EN"}, csrf=False)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "CSRF_FAILED"
    assert "X-CSRFToken" in error["message"]
    assert "CSRF 令牌" in error["message"]
    with schema_context("alpha"):
        assert User.objects.get(username=member).language != "en"


def test_a_cookie_request_with_the_csrf_header_is_served(alpha, address, member):
    client = _browser(address)
    assert _sign_in(client, member, "right-pass-1")["errors"] == []
    response = _post(client, LANGUAGE_SET, {"l": "EN"})
    assert response.status_code == 200
    assert response.json()["data"]["languageSet"]["errors"] == []
    with schema_context("alpha"):
        assert User.objects.get(username=member).language == "en"


def test_a_bearer_request_needs_no_csrf_token(alpha, address, member):
    with schema_context("alpha"):
        raw = token_create(user=User.objects.get(username=member), name="script")
    client = TenantClient("alpha", raw, enforce_csrf_checks=True)
    client.defaults["REMOTE_ADDR"] = address
    response = client.post(
        "/graphql",
        data=json.dumps({"query": LANGUAGE_SET, "variables": {"l": "EN"}}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["data"]["languageSet"]["errors"] == []


def test_the_bearer_header_comes_before_the_session(alpha, address, member):
    client = _browser(address)
    assert _sign_in(client, member, "right-pass-1")["errors"] == []
    with schema_context("alpha"):
        raw = token_create(user=User.objects.get(username="secretary_1"), name="other")
    response = client.post(
        "/graphql",
        data=json.dumps({"query": ME}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.json()["data"]["me"]["username"] == "secretary_1"


def test_sign_out_ends_the_session(alpha, address, member):
    client = _browser(address)
    assert _sign_in(client, member, "right-pass-1")["errors"] == []
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = _post(client, SIGN_OUT)
    assert response.json()["data"]["signOut"] == {"signedOut": True, "errors": []}
    assert _me(client) is None
    # the old cookie, sent again, finds no session on the server
    client.cookies[settings.SESSION_COOKIE_NAME] = session
    assert _me(client) is None


def test_a_password_change_ends_the_other_sessions(alpha, address, member):
    phone, laptop = _browser(address), _browser(address)
    assert _sign_in(phone, member, "right-pass-1")["errors"] == []
    assert _sign_in(laptop, member, "right-pass-1")["errors"] == []
    assert _me(phone) == _me(laptop) == "member_1"
    with schema_context("alpha"):
        user = User.objects.get(username=member)
        user.set_password("another-pass-2")
        user.save()
    assert _me(phone) is None
    assert _me(laptop) is None


def test_a_deactivation_ends_the_users_sessions(alpha, address, member):
    client = _browser(address)
    assert _sign_in(client, member, "right-pass-1")["errors"] == []
    with schema_context("alpha"):
        admin = User.objects.get(username="admin")
        user_set_active(actor=admin, user=User.objects.get(username=member), active=False)
    assert _me(client) is None
