"""A user of tenant A can never read or change tenant B's data, even with B's ids."""

from django.http import HttpRequest
from django_tenants.utils import schema_context

from jifen.graphql.ids import Node
from jifen.subjects.models import Subject
from jifen.testing.clients import TenantClient
from jifen.testing.factories import PersonFactory

SUBJECT_QUERY = "query($id: ID!) { subject(id: $id) { name } node(id: $id) { id } }"


def test_token_of_one_tenant_is_rejected_on_another(alpha, beta, client_for):
    # given a valid token for alpha's administrator
    alpha_client = client_for("alpha", "admin")
    header = f"Bearer {alpha_client.token}"
    # when it is presented to beta's host
    response = TenantClient("beta").post(
        "/graphql",
        data='{"query": "{ me { username } }"}',
        content_type="application/json",
        headers={"Authorization": header},
    )
    # then beta does not know it
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"
    # while alpha does
    assert alpha_client.graphql("{ me { username tenant } }")["data"]["me"] == {
        "username": "admin",
        "tenant": "alpha",
    }


def test_session_of_one_tenant_is_anonymous_on_another(alpha, beta):
    alpha_client = TenantClient("alpha")
    with schema_context("alpha"):
        # django-axes counts sign-ins per request: the test client's login passes one
        assert alpha_client.login(request=HttpRequest(), username="county", password="pass-12345")
    assert alpha_client.graphql("{ me { username } }")["data"]["me"] == {"username": "county"}
    session_cookie = alpha_client.cookies["sessionid"].value

    beta_client = TenantClient("beta")
    beta_client.cookies["sessionid"] = session_cookie
    assert beta_client.graphql("{ me { username } }")["data"]["me"] is None
    assert beta_client.graphql("{ orgUnits(first: 50) { totalCount } }")["data"] == {
        "orgUnits": {"totalCount": 0}
    }


def test_ids_of_another_tenant_never_reveal_its_data(alpha, beta, client_for):
    # given the global id of a subject that exists only in beta (beyond alpha's highest id)
    with schema_context("beta"):
        beta_subject = PersonFactory(name="乙县独有党员", home_unit_id=beta.branch_1)
        beta_id = Node.to_global_id("Subject", beta_subject.pk)
    with schema_context("alpha"):
        assert not Subject.objects.filter(pk=beta_subject.pk).exists()

    # when alpha's county-level user asks alpha's API for it
    result = client_for("alpha", "county").graphql(SUBJECT_QUERY, {"id": beta_id})

    # then nothing of beta comes back
    assert result["data"] == {"subject": None, "node": None}


def test_same_numeric_id_resolves_within_the_callers_tenant(alpha, beta, client_for):
    with schema_context("beta"):
        beta_names = set(Subject.objects.values_list("name", flat=True))
    result = client_for("alpha", "county").graphql(
        "{ subjects(first: 100) { edges { node { id name } } } }"
    )
    names = {edge["node"]["name"] for edge in result["data"]["subjects"]["edges"]}
    assert names and names.isdisjoint(beta_names)
    assert all(name.startswith("甲县") for name in names)


def test_mutations_of_one_tenant_cannot_touch_another(alpha, beta, client_for):
    # a worker check requested in alpha is not visible from beta, even by its id
    created = client_for("alpha", "admin").graphql(
        "mutation { workerCheckRequest { check { id } errors { code } } }"
    )["data"]["workerCheckRequest"]
    assert created["errors"] == []
    check_id = created["check"]["id"]
    seen_from_beta = client_for("beta", "admin").graphql(
        "query($id: ID!) { workerCheck(id: $id) { id } }", {"id": check_id}
    )
    assert seen_from_beta["data"]["workerCheck"] is None
