"""A global id names the tenant that issued it: in another tenant it is NOT_FOUND, even where
that tenant has a row with the same number."""

from __future__ import annotations

import uuid

import pytest
from django_tenants.utils import schema_context

from jifen.access.models import ApiToken, User
from jifen.access.services import token_create
from jifen.graphql.ids import to_global_id
from jifen.subjects.models import Subject
from jifen.testing.clients import TenantClient

SUBJECT = "query($id: ID!) { subject(id: $id) { name } node(id: $id) { id } }"
REVOKE = "mutation($id: ID!) { tokenRevoke(id: $id) { errors { field code } } }"

# Each test counts its own requests: no limit carried over from another.
pytestmark = pytest.mark.usefixtures("fresh_rate_limits")


def _client(slug: str, username: str) -> TenantClient:
    with schema_context(slug):
        return TenantClient(slug, token_create(user=User.objects.get(username=username), name="t"))


def test_an_id_from_one_tenant_is_not_found_in_another_with_the_same_number(alpha, beta):
    # given: a subject of alpha, and a subject of beta with the very same primary key
    with schema_context("alpha"):
        ours = Subject.objects.get(pk=alpha.member_subject)
        alpha_id = to_global_id("Subject", ours.pk)
    with schema_context("beta"):
        theirs = Subject.objects.get(pk=ours.pk)  # the worlds are built alike
        beta_id = to_global_id("Subject", theirs.pk)
    assert theirs.name != ours.name and alpha_id != beta_id
    county_of_beta = _client("beta", "county")
    # when: beta's county user sends alpha's id to beta
    result = county_of_beta.graphql(SUBJECT, {"id": alpha_id})
    # then: nothing resolves, and beta's own row is not handed back in its place
    assert result["data"] == {"subject": None, "node": None}
    # while beta's own id for that number still resolves in beta
    own = county_of_beta.graphql(SUBJECT, {"id": beta_id})["data"]
    assert own["subject"] == {"name": theirs.name} and own["node"] == {"id": beta_id}


def test_a_mutation_with_another_tenants_id_touches_nothing_there(alpha, beta):
    # given: tokens with the same primary key in both tenants
    with schema_context("alpha"):
        token_create(user=User.objects.get(username="member_1"), name="alpha-one")
        alpha_token = ApiToken.objects.get(name="alpha-one")
    with schema_context("beta"):
        twin = ApiToken.objects.filter(pk=alpha_token.pk).first() or ApiToken.objects.create(
            pk=alpha_token.pk,
            user=User.objects.get(username="member_1"),
            name="twin",
            key_hash=uuid.uuid4().hex,
            expires_at=alpha_token.expires_at,
        )
        ApiToken.objects.filter(pk=twin.pk).update(revoked_at=None)
    with schema_context("alpha"):
        alpha_id = to_global_id("ApiToken", alpha_token.pk)
    # when: beta's administrator revokes "that" token in beta
    result = _client("beta", "admin").graphql(REVOKE, {"id": alpha_id})
    # then: NOT_FOUND, and beta's token with the same number is untouched
    assert result["data"]["tokenRevoke"]["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    with schema_context("beta"):
        twin.refresh_from_db()
    assert twin.revoked_at is None


def test_an_id_without_a_tenant_is_refused_like_a_foreign_one(alpha):
    from graphql_relay import to_global_id as bare_id

    with schema_context("alpha"):
        pk = alpha.member_subject
    result = _client("alpha", "county").graphql(SUBJECT, {"id": bare_id("Subject", pk)})
    assert result["data"] == {"subject": None, "node": None}
