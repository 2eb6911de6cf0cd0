"""Sign-in is throttled; tokens expire, are scoped, revoked, and die with the password."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from axes.utils import reset
from django.utils import timezone
from django_tenants.utils import schema_context

from jifen.access.models import ApiToken, User
from jifen.access.services import token_create, token_revoke
from jifen.testing.clients import TenantClient

SIGN_IN = """mutation($u: String!, $p: String!, $ro: Boolean, $days: Int) {
  tokenCreate(username: $u, password: $p, readOnly: $ro, days: $days) {
    token errors { code message } } }"""
ME = "{ me { username } }"

# Each test counts its own requests: no limit carried over from another.
pytestmark = pytest.mark.usefixtures("fresh_rate_limits")


@pytest.fixture
def address():
    """An address of this test only: counts of earlier runs stay in the cache."""
    ip = f"198.51.100.{uuid.uuid4().int % 250 + 1}"
    yield ip
    with schema_context("alpha"):
        reset(ip=ip)


def _client(address: str, token: str | None = None) -> TenantClient:
    client = TenantClient("alpha", token)
    client.defaults["REMOTE_ADDR"] = address
    return client


def _sign_in(client, username, password, **extra) -> dict:
    response = client.post(
        "/graphql",
        data=json.dumps({"query": SIGN_IN, "variables": {"u": username, "p": password, **extra}}),
        content_type="application/json",
    )
    return response.json()["data"]["tokenCreate"]


def _password(username: str, password: str) -> None:
    with schema_context("alpha"):
        user = User.objects.get(username=username)
        user.set_password(password)
        user.save()


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 5
    return 5


def test_after_five_failures_even_the_right_password_is_refused(alpha, address, limit):
    _password("member_1", "right-pass-1")
    client = _client(address)
    codes = [_sign_in(client, "member_1", "wrong")["errors"][0]["code"] for _ in range(limit)]
    # the fifth failure locks: its answer says so
    assert codes == ["AUTHENTICATION_FAILED"] * (limit - 1) + ["THROTTLED"]
    locked = _sign_in(client, "member_1", "right-pass-1")
    assert locked["token"] is None
    assert locked["errors"][0]["code"] == "THROTTLED"
    # the owner, from another address, still signs in
    other = f"192.0.2.{uuid.uuid4().int % 250 + 1}"
    try:
        assert _sign_in(_client(other), "member_1", "right-pass-1")["token"]
    finally:
        with schema_context("alpha"):
            reset(ip=other)


def test_the_sign_in_form_is_throttled_too(alpha, address, limit):
    _password("member_1", "right-pass-1")
    client = _client(address)
    for _ in range(limit):
        client.post("/accounts/login/", {"username": "member_1", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "member_1", "password": "right-pass-1"})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_tokens_expire(alpha, address):
    with schema_context("alpha"):
        raw = token_create(user=User.objects.get(username="member_1"), name="t", days=1)
        ApiToken.objects.filter(name="t").update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _client(address, raw).post(
        "/graphql", data=json.dumps({"query": ME}), content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"


def test_signing_in_with_a_token_notes_its_use_at_most_once_a_minute(alpha, address):
    with schema_context("alpha"):
        raw = token_create(user=User.objects.get(username="member_1"), name="used")
        assert ApiToken.objects.get(name="used").last_used_at is None
    client = _client(address, raw)
    assert client.graphql(ME)["data"]["me"]["username"] == "member_1"
    with schema_context("alpha"):
        first = ApiToken.objects.get(name="used").last_used_at
    assert first is not None
    client.graphql(ME)  # again within the minute: no new write
    with schema_context("alpha"):
        assert ApiToken.objects.get(name="used").last_used_at == first


def test_a_token_asks_for_at_most_the_longest_life(alpha, address):
    _password("member_1", "right-pass-1")
    refused = _sign_in(_client(address), "member_1", "right-pass-1", days=10_000)
    assert refused["token"] is None and refused["errors"][0]["code"] == "VALIDATION_FAILED"
    with schema_context("alpha"):
        token_create(user=User.objects.get(username="member_1"), name="default")
        made = ApiToken.objects.get(name="default")
        assert timedelta(days=89) < made.expires_at - timezone.now() <= timedelta(days=90)
        assert len(made.key_hash) == 64  # only a hash is stored


def test_a_read_only_token_reads_and_runs_no_mutation(alpha, address):
    _password("member_1", "right-pass-1")
    raw = _sign_in(_client(address), "member_1", "right-pass-1", ro=True)["token"]
    client = _client(address, raw)
    assert client.graphql(ME)["data"]["me"]["username"] == "member_1"
    response = client.post(
        "/graphql",
        data=json.dumps(
            {"query": 'mutation { tokenCreate(username: "a", password: "b") { token } }'}
        ),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "TOKEN_READ_ONLY"


def test_a_password_change_revokes_every_token(alpha, address):
    with schema_context("alpha"):
        raw = token_create(user=User.objects.get(username="member_1"), name="before")
    assert _client(address, raw).graphql(ME)["data"]["me"]["username"] == "member_1"
    _password("member_1", "new-pass-2")
    response = _client(address, raw).post(
        "/graphql", data=json.dumps({"query": ME}), content_type="application/json"
    )
    assert response.status_code == 401


def test_owners_and_the_tenant_admin_revoke_tokens_and_nobody_else(alpha, address):
    from jifen.errors import PermissionDenied

    with schema_context("alpha"):
        member = User.objects.get(username="member_1")
        token_create(user=member, name="mine")
        token = ApiToken.objects.get(name="mine")
        with pytest.raises(PermissionDenied):
            token_revoke(actor=User.objects.get(username="secretary_1"), token=token)
        token_revoke(actor=User.objects.get(username="admin"), token=token)
        token.refresh_from_db()
        assert token.revoked_at is not None


FIRST_SIGN_IN = """mutation($u: String!, $p: String!, $new: String) {
  tokenCreate(username: $u, password: $p, newPassword: $new) {
    token errors { field code message } } }"""


def test_a_user_given_a_password_signs_in_only_while_choosing_their_own(alpha, address):
    # given: an administrator set member_1's initial password
    with schema_context("alpha"):
        user = User.objects.get(username="member_1")
        user.set_password("initial-pw-1")
        user.must_change_password = True
        user.save()
    client = _client(address)

    def sign_in(**variables):
        response = client.post(
            "/graphql",
            data=json.dumps({"query": FIRST_SIGN_IN, "variables": variables}),
            content_type="application/json",
        )
        return response.json()["data"]["tokenCreate"]

    # when: signing in with it alone, or choosing the same one again
    refused = sign_in(u="member_1", p="initial-pw-1")
    same = sign_in(u="member_1", p="initial-pw-1", new="initial-pw-1")
    # then: no token until they choose their own
    assert refused["token"] is None
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [
        ("newPassword", "PASSWORD_CHANGE_REQUIRED")
    ]
    assert same["token"] is None and same["errors"][0]["field"] == "newPassword"
    chosen = sign_in(u="member_1", p="initial-pw-1", new="a-long-own-Passw0rd")
    assert chosen["token"] and chosen["errors"] == []
    assert _sign_in(client, "member_1", "a-long-own-Passw0rd")["token"]
    assert _sign_in(client, "member_1", "initial-pw-1")["token"] is None
