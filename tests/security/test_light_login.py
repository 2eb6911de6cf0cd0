"""The light login of members: name + last four of the ID card + a one-time code (or a set
password), per tenant; single use, short-lived, hashed, and locked out like passwords."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from axes.utils import reset
from django.core import mail
from django.utils import timezone
from django_tenants.utils import schema_context

from jifen.access.light_login import CODE_TRIES
from jifen.access.models import LightLogin, SignInSettings, User
from jifen.audit.models import AuditRecord
from jifen.org.models import OrgUnit, Role, RoleAssignment
from jifen.subjects.models import LoginCode, Subject
from jifen.testing.clients import TenantClient

SEND = """mutation($n: String!, $l: String!) { lightCodeSend(personName: $n, idCardLast4: $l) {
  sentTo expiresAt errors { field code message } } }"""
SIGN_IN = """mutation($n: String!, $l: String!, $c: String, $p: String) {
  lightTokenCreate(personName: $n, idCardLast4: $l, code: $c, password: $p) {
  token errors { field code message } } }"""
OPTIONS = "{ signInOptions { lightLogin } }"
SET = """mutation($m: LightLoginMode!) { signInSettingsUpdate(lightLogin: $m) {
  options { lightLogin } errors { field code message } } }"""
ME = "{ me { username } }"
NAME, LAST4 = "甲县党员甲", "123X"

# Each test counts its own requests: no limit carried over from another.
pytestmark = pytest.mark.usefixtures("fresh_rate_limits")


@pytest.fixture
def address():
    """An address of this test only: counts of earlier runs stay in the cache."""
    ip = f"198.51.100.{uuid.uuid4().int % 250 + 1}"
    yield ip
    for slug in ("alpha", "beta"):
        with schema_context(slug):
            reset(ip=ip)


@pytest.fixture
def by_email(settings):
    settings.EMAIL_URL_CONFIGURED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    return mail.outbox


def _mode(slug: str, mode: str) -> None:
    with schema_context(slug):
        SignInSettings.objects.all().delete()
        SignInSettings.objects.create(light_login=mode)


@pytest.fixture
def member(alpha, by_email):
    """alpha's member_1, on the roll as 甲县党员甲 with an ID card ending 123X."""
    _mode("alpha", LightLogin.CODE)
    with schema_context("alpha"):
        Subject.objects.filter(name=NAME).update(id_card_last4=LAST4)
        User.objects.filter(username="member_1").update(email="m1@example.org")
    return alpha


def _client(address: str, slug: str = "alpha", token: str | None = None) -> TenantClient:
    client = TenantClient(slug, token)
    client.defaults["REMOTE_ADDR"] = address
    return client


def _payload(client, query, mutation, **variables) -> dict:
    result = client.graphql(query, variables)
    assert "errors" not in result, result
    return result["data"][mutation]


def _send(client, name=NAME, last4=LAST4) -> dict:
    return _payload(client, SEND, "lightCodeSend", n=name, l=last4)


def _sign_in(client, code=None, password=None, name=NAME, last4=LAST4) -> dict:
    return _payload(client, SIGN_IN, "lightTokenCreate", n=name, l=last4, c=code, p=password)


def _codes(payload) -> list[str]:
    return [e["code"] for e in payload["errors"]]


def _code_from_mail() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def _allow_another_code() -> None:
    """Move the last code's send time back past the once-a-minute limit."""
    with schema_context("alpha"):
        LoginCode.objects.update(created_at=timezone.now() - dt.timedelta(minutes=2))


def test_a_member_signs_in_with_name_last_four_and_the_code_sent(member, address):
    client = _client(address)
    sent = _send(client)
    assert sent["errors"] == [] and sent["sentTo"] == "m***@example.org"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["m1@example.org"]
    code = _code_from_mail()
    with schema_context("alpha"):
        row = LoginCode.objects.get()
        # only a keyed hash is kept, and it expires within minutes
        assert code not in row.code_hash and len(row.code_hash) == 64
        assert row.expires_at - timezone.now() <= dt.timedelta(minutes=10)
    signed = _sign_in(client, code=f" {code} ")
    assert signed["errors"] == [] and signed["token"]
    assert (
        _client(address, token=signed["token"]).graphql(ME)["data"]["me"]["username"] == "member_1"
    )


def test_a_members_browser_signs_in_with_a_session_and_no_token(member, address):
    from django.conf import settings

    from jifen.access.models import ApiToken

    browser = TenantClient("alpha", enforce_csrf_checks=True)
    browser.defaults["REMOTE_ADDR"] = address
    browser.get("/")
    csrf = {"X-CSRFToken": browser.cookies["csrftoken"].value}
    assert _send(_client(address))["errors"] == []
    query = """mutation($n: String!, $l: String!, $c: String) {
      lightSignIn(personName: $n, idCardLast4: $l, code: $c) {
      user { username } errors { code } } }"""
    body = json.dumps({"query": query, "variables": {"n": NAME, "l": LAST4, "c": "000000"}})
    refused = browser.post("/graphql", data=body, content_type="application/json")
    assert refused.json()["errors"][0]["extensions"]["code"] == "CSRF_FAILED"
    body = json.dumps(
        {"query": query, "variables": {"n": NAME, "l": LAST4, "c": _code_from_mail()}}
    )
    response = browser.post("/graphql", data=body, content_type="application/json", headers=csrf)
    assert response.json()["data"]["lightSignIn"] == {
        "user": {"username": "member_1"},
        "errors": [],
    }
    assert response.cookies[settings.SESSION_COOKIE_NAME]["httponly"] is True
    with schema_context("alpha"):
        assert not ApiToken.objects.filter(user__username="member_1").exists()
    # signing in renews the CSRF token: the page sends the new cookie's value from now on
    csrf = {"X-CSRFToken": browser.cookies["csrftoken"].value}
    me = browser.post(
        "/graphql", data=json.dumps({"query": ME}), content_type="application/json", headers=csrf
    )
    assert me.json()["data"]["me"]["username"] == "member_1"


def test_a_wrong_code_is_refused(member, address):
    client = _client(address)
    _send(client)
    code = _code_from_mail()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    refused = _sign_in(client, code=wrong)
    assert refused["token"] is None and _codes(refused) == ["AUTHENTICATION_FAILED"]
    assert refused["errors"][0]["field"] == "code"
    assert _sign_in(client, code=code)["token"]  # the right one still works


def test_an_expired_code_is_refused(member, address):
    client = _client(address)
    _send(client)
    with schema_context("alpha"):
        LoginCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    refused = _sign_in(client, code=_code_from_mail())
    assert refused["token"] is None and "expired" in refused["errors"][0]["message"]


def test_a_code_works_once(member, address):
    client = _client(address)
    _send(client)
    code = _code_from_mail()
    assert _sign_in(client, code=code)["token"]
    again = _sign_in(client, code=code)
    assert again["token"] is None and _codes(again) == ["AUTHENTICATION_FAILED"]


def test_a_new_code_ends_the_old_one_and_sends_are_limited(member, address):
    client = _client(address)
    _send(client)
    first = _code_from_mail()
    too_soon = _send(client)
    assert _codes(too_soon) == ["THROTTLED"] and len(mail.outbox) == 1
    _allow_another_code()
    _send(client)
    second = _code_from_mail()
    if first != second:
        assert _sign_in(client, code=first)["token"] is None
    assert _sign_in(client, code=second)["token"]


def test_wrong_codes_burn_the_code_then_lock_the_person_out(member, address, settings):
    settings.AXES_FAILURE_LIMIT = CODE_TRIES + 2
    client = _client(address)
    _send(client)
    code = _code_from_mail()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(CODE_TRIES):
        assert _codes(_sign_in(client, code=wrong)) == ["AUTHENTICATION_FAILED"]
    # the code is burnt after its tries: even the right one is refused now
    assert _sign_in(client, code=code)["token"] is None
    # the next failure reaches the limit: locked out, however right the next try is
    assert _codes(_sign_in(client, code=wrong)) == ["THROTTLED"]
    _allow_another_code()
    assert _codes(_send(client)) == ["THROTTLED"]
    # another address is not locked out
    other = f"192.0.2.{uuid.uuid4().int % 250 + 1}"
    try:
        assert _send(_client(other))["errors"] == []
        assert _sign_in(_client(other), code=_code_from_mail())["token"]
    finally:
        with schema_context("alpha"):
            reset(ip=other)


def test_guessing_names_is_locked_out_too(member, address, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = _client(address)
    answers = [_codes(_send(client, last4="9999")) for _ in range(3)]
    assert answers == [["AUTHENTICATION_FAILED"], ["AUTHENTICATION_FAILED"], ["THROTTLED"]]
    assert mail.outbox == []


def test_a_tenant_with_the_light_login_off_refuses_it(beta, address, by_email):
    _mode("beta", LightLogin.OFF)
    client = _client(address, "beta")
    assert client.graphql(OPTIONS)["data"]["signInOptions"]["lightLogin"] == "OFF"
    for payload in (
        _send(client, "乙县党员甲"),
        _sign_in(client, code="123456", name="乙县党员甲"),
    ):
        assert _codes(payload) == ["NOT_CONFIGURED"]
        assert "username and password" in payload["errors"][0]["message"]
    assert mail.outbox == []


def test_another_tenants_member_and_code_mean_nothing_here(member, address):
    _mode("beta", LightLogin.CODE)
    alpha, beta = _client(address), _client(address, "beta")
    _send(alpha)
    code = _code_from_mail()
    assert _codes(_send(beta)) == ["AUTHENTICATION_FAILED"]  # nobody of that name in beta
    assert _codes(_sign_in(beta, code=code)) == ["AUTHENTICATION_FAILED"]
    assert len(mail.outbox) == 1
    assert _sign_in(alpha, code=code)["token"]


def test_two_people_with_the_same_name_and_last_four_are_refused(member, address):
    with schema_context("alpha"):
        other = Subject.objects.get(name=NAME)
        Subject.objects.create(kind="person", name=NAME, id_card_last4=LAST4,
                               home_unit_id=member.branch_2, category="full")  # fmt: skip
    client = _client(address)
    for payload in (_send(client), _sign_in(client, code="123456")):
        assert _codes(payload) == ["CONFLICT"]
        assert "cannot tell you apart" in payload["errors"][0]["message"]
    assert mail.outbox == [] and other.user_id is not None


def test_staff_sign_in_with_their_password(member, address):
    with schema_context("alpha"):
        secretary = Subject.objects.get(name="甲县党员乙")
        secretary.user = User.objects.get(username="secretary_1")
        secretary.id_card_last4 = "4321"
        secretary.save()
    refused = _send(_client(address), "甲县党员乙", "4321")
    assert _codes(refused) == ["VALIDATION_FAILED"]
    assert "username and password" in refused["errors"][0]["message"]


def test_a_tenant_on_passwords_signs_members_in_with_their_password(member, address):
    _mode("alpha", LightLogin.PASSWORD)
    with schema_context("alpha"):
        user = User.objects.get(username="member_1")
        user.set_password("my-own-pass-7")
        user.save()
    client = _client(address)
    assert client.graphql(OPTIONS)["data"]["signInOptions"]["lightLogin"] == "PASSWORD"
    assert _codes(_sign_in(client, password="wrong-pass")) == ["AUTHENTICATION_FAILED"]
    assert _codes(_send(client)) == ["VALIDATION_FAILED"]  # no codes in this tenant
    assert _sign_in(client, password="my-own-pass-7")["token"]


class _Gateway(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Gateway.received.append((json.loads(body), self.headers["Idempotency-Key"]))
        self.send_response(202)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def sms_gateway(settings):
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_URL = f"http://127.0.0.1:{server.server_address[1]}/send"
    _Gateway.received = []
    yield _Gateway.received
    server.shutdown()


def test_a_member_on_the_roll_without_a_login_gets_one_by_sms(alpha, address, sms_gateway):
    _mode("alpha", LightLogin.CODE)
    with schema_context("alpha"):
        villager = Subject.objects.create(kind="person", name="村民王五", id_card_last4="5678",
                                          phone="13912345678", home_unit_id=alpha.branch_2)  # fmt: skip
    client = _client(address)
    sent = _send(client, "村民王五", "5678")
    assert sent["errors"] == [] and sent["sentTo"] == "139****5678"
    ((message, key),) = sms_gateway
    assert message["to"] == "13912345678" and key.startswith("alpha.login.")
    code = re.search(r"\b(\d{6})\b", message["text"]).group(1)
    token = _sign_in(client, code=code, name="村民王五", last4="5678")["token"]
    assert token
    with schema_context("alpha"):
        villager.refresh_from_db()
        assert villager.user.username == f"member.{villager.pk}"
        assert not villager.user.has_usable_password()
        assert list(
            RoleAssignment.objects.filter(user=villager.user).values_list("role", "unit")
        ) == [(Role.MEMBER, alpha.branch_2)]
        assert AuditRecord.objects.filter(
            action="user.light_login", target_id=str(villager.user.pk)
        ).exists()
    assert (
        _client(address, token=token).graphql(ME)["data"]["me"]["username"]
        == f"member.{villager.pk}"
    )


def test_the_tenant_administrator_switches_the_light_login(alpha, client_for):
    # allowed: the tenant's administrator, audited
    done = client_for("alpha", "admin").graphql(SET, {"m": "CODE"})["data"]["signInSettingsUpdate"]
    assert done == {"options": {"lightLogin": "CODE"}, "errors": []}
    with schema_context("alpha"):
        record = AuditRecord.objects.filter(action="signin.settings").latest("pk")
        assert (record.before, record.after, record.actor.username) == (
            {"light_login": "off"}, {"light_login": "code"}, "admin",
        )  # fmt: skip
    # wrong role: a branch secretary
    refused = client_for("alpha", "secretary_1").graphql(SET, {"m": "OFF"})
    assert _codes(refused["data"]["signInSettingsUpdate"]) == ["PERMISSION_DENIED"]
    # another subtree: an administrator of one township only
    with schema_context("alpha"):
        RoleAssignment.objects.create(user=User.objects.get(username="township_1"), role=Role.ADMIN,
                                      unit=OrgUnit.objects.get(pk=alpha.township_1))  # fmt: skip
    refused = client_for("alpha", "township_1").graphql(SET, {"m": "OFF"})
    assert _codes(refused["data"]["signInSettingsUpdate"]) == ["PERMISSION_DENIED"]
    # another tenant: beta's administrator changes beta only
    beta_admin = client_for("beta", "admin").graphql(SET, {"m": "PASSWORD"})
    assert beta_admin["data"]["signInSettingsUpdate"]["errors"] == []
    anonymous = TenantClient("alpha")
    assert anonymous.graphql(OPTIONS)["data"]["signInOptions"]["lightLogin"] == "CODE"
