"""A user lists and revokes their own API tokens; the tenant's administrator revokes anyone's
in the tenant; nobody else can, and the list never shows a secret."""

from __future__ import annotations

import json
import uuid

import pytest
from django_tenants.utils import schema_context

from jifen.access.models import ApiToken, User
from jifen.access.services import token_create
from jifen.audit.models import AuditRecord
from jifen.org.models import OrgUnit, Role
from jifen.testing.clients import TenantClient
from jifen.testing.factories import UserFactory

TOKENS = """query($u: String) { apiTokens(username: $u) {
  id name userAgent createdAt lastUsedAt expiresAt revokedAt owner readOnly active } }"""
REVOKE = """mutation($id: ID!) { tokenRevoke(id: $id) {
  token { id revokedAt active } errors { field code message } } }"""
ME = "{ me { username } }"

# Each test counts its own requests: no limit carried over from another.
pytestmark = pytest.mark.usefixtures("fresh_rate_limits")


def _token(slug: str, username: str, name: str) -> tuple[str, ApiToken]:
    with schema_context(slug):
        raw = token_create(user=User.objects.get(username=username), name=name)
        return raw, ApiToken.objects.get(name=name, user__username=username)


def _id_of(client: TenantClient, name: str) -> str:
    [found] = [t for t in client.graphql(TOKENS)["data"]["apiTokens"] if t["name"] == name]
    return found["id"]


def _works(slug: str, raw: str) -> bool:
    response = TenantClient(slug, raw).post(
        "/graphql", data=json.dumps({"query": ME}), content_type="application/json"
    )
    return response.status_code == 200


def test_a_user_lists_their_tokens_without_any_secret(alpha):
    # given: a token made by signing in from a named client, and one made by a service
    with schema_context("alpha"):
        user = User.objects.get(username="member_1")
        user.set_password("right-pass-1")
        user.save()
    sign_in = TenantClient("alpha")
    sign_in.defaults["REMOTE_ADDR"] = f"203.0.113.{uuid.uuid4().int % 250 + 1}"
    answer = sign_in.post(
        "/graphql",
        data=json.dumps(
            {
                "query": 'mutation { tokenCreate(username: "member_1", password: "right-pass-1",'
                ' name: "laptop", readOnly: true) { token errors { code } } }'
            }
        ),
        content_type="application/json",
        HTTP_USER_AGENT="jifen-cli/1.0",
    ).json()["data"]["tokenCreate"]
    raw, _other = _token("alpha", "secretary_1", "someone-else")
    # when
    client = TenantClient("alpha", answer["token"])
    listed = client.graphql(TOKENS)["data"]["apiTokens"]
    # then: only their own, with what they need to recognise it, and no secret anywhere
    assert [t["name"] for t in listed] == ["laptop"]
    [laptop] = listed
    assert laptop["userAgent"] == "jifen-cli/1.0"
    assert laptop["owner"] == "member_1" and laptop["readOnly"] is True
    assert laptop["active"] is True and laptop["revokedAt"] is None
    assert laptop["createdAt"] and laptop["expiresAt"] and laptop["lastUsedAt"]
    text = json.dumps(listed)
    assert answer["token"] not in text and raw not in text
    with schema_context("alpha"):
        assert ApiToken.objects.get(name="laptop").key_hash not in text


def test_the_owner_revokes_their_token_and_it_stops_working(alpha):
    raw, _token_row = _token("alpha", "member_1", "phone")
    client = TenantClient("alpha", raw)
    result = client.graphql(REVOKE, {"id": _id_of(client, "phone")})["data"]["tokenRevoke"]
    assert result["errors"] == []
    assert result["token"]["revokedAt"] and result["token"]["active"] is False
    assert not _works("alpha", raw)


def test_another_role_can_neither_see_nor_revoke_someone_elses_token(alpha):
    # given: member_1's token, and their secretary (a reviewer, not an administrator)
    raw, _ = _token("alpha", "member_1", "member-token")
    secretary_raw, _ = _token("alpha", "secretary_1", "secretary-token")
    secretary = TenantClient("alpha", secretary_raw)
    member_id = _id_of(TenantClient("alpha", raw), "member-token")
    # when
    listed = secretary.graphql(TOKENS, {"u": "member_1"})["data"]["apiTokens"]
    result = secretary.graphql(REVOKE, {"id": member_id})["data"]["tokenRevoke"]
    # then: nothing listed, NOT_FOUND (which confirms nothing), and the token still works
    assert listed == []
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("id", "NOT_FOUND")]
    assert _works("alpha", raw)


def test_an_administrator_of_a_subtree_cannot_revoke_tokens(alpha):
    # given: an administrator of township 1 only (tokens are a tenant-wide matter)
    with schema_context("alpha"):
        township = OrgUnit.objects.get(pk=alpha.township_1)
        UserFactory(username="township_admin", roles=[(Role.ADMIN, township)])
    raw, _ = _token("alpha", "member_1", "in-subtree")
    admin_raw, _ = _token("alpha", "township_admin", "sub-admin")
    sub_admin = TenantClient("alpha", admin_raw)
    token_id = _id_of(TenantClient("alpha", raw), "in-subtree")
    # when
    listed = sub_admin.graphql(TOKENS, {"u": "member_1"})["data"]["apiTokens"]
    result = sub_admin.graphql(REVOKE, {"id": token_id})["data"]["tokenRevoke"]
    # then
    assert listed == []
    assert [e["code"] for e in result["errors"]] == ["NOT_FOUND"]
    assert _works("alpha", raw)


def test_the_tenant_administrator_lists_and_revokes_anyones_token_audited(alpha):
    raw, token = _token("alpha", "member_1", "to-end")
    admin_raw, _ = _token("alpha", "admin", "admin-token")
    admin = TenantClient("alpha", admin_raw)
    listed = admin.graphql(TOKENS, {"u": "member_1"})["data"]["apiTokens"]
    [target] = [t for t in listed if t["name"] == "to-end"]
    assert target["owner"] == "member_1"
    result = admin.graphql(REVOKE, {"id": target["id"]})["data"]["tokenRevoke"]
    assert result["errors"] == [] and result["token"]["active"] is False
    assert not _works("alpha", raw)
    with schema_context("alpha"):
        record = AuditRecord.objects.get(action="token.revoke", target_id=str(token.user_id))
        assert record.actor.username == "admin" and "to-end" in record.note


def test_another_tenants_administrator_cannot_revoke_a_token(alpha, beta):
    # given: member_1's token in alpha; beta's administrator with alpha's token id
    raw, _ = _token("alpha", "member_1", "alpha-token")
    token_id = _id_of(TenantClient("alpha", raw), "alpha-token")
    beta_admin_raw, _ = _token("beta", "admin", "beta-admin")
    with schema_context("beta"):
        beta_live = set(
            ApiToken.objects.filter(revoked_at__isnull=True).values_list("pk", flat=True)
        )
    # when
    result = TenantClient("beta", beta_admin_raw).graphql(REVOKE, {"id": token_id})
    # then: NOT_FOUND; alpha's token works, and none of beta's was revoked instead
    assert [e["code"] for e in result["data"]["tokenRevoke"]["errors"]] == ["NOT_FOUND"]
    assert _works("alpha", raw)
    with schema_context("beta"):
        still = set(ApiToken.objects.filter(revoked_at__isnull=True).values_list("pk", flat=True))
    assert still == beta_live
