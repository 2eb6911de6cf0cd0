"""Provisioning, suspending and deleting tenants: one command each, deliberate deletes."""

import pytest
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from jifen.access.models import User
from jifen.cli import main as jifen
from jifen.org.models import OrgUnit, Role, RoleAssignment
from jifen.testing.clients import TenantClient
from tenants.errors import TenantError
from tenants.models import Status, Tenant
from tenants.services import tenant_create, tenant_delete, tenant_suspend


def test_tenant_create_command_builds_schema_root_and_administrator(worlds, db, capsys):
    exit_code = jifen(
        ["tenant", "create", "gamma", "--name", "丙县委组织部", "--family", "county",
         "--admin-password", "gamma-pass-1"]
    )  # fmt: skip
    assert exit_code == 0
    out = capsys.readouterr().out
    assert "created gamma: http://gamma.localhost/" in out
    assert "administrator: admin / gamma-pass-1" in out
    assert schema_exists("gamma")
    assert Tenant.objects.get(schema_name="gamma").status == Status.ACTIVE
    with schema_context("gamma"):
        root = OrgUnit.objects.get()
        assert (root.name, root.kind) == ("丙县委组织部", "county")
        admin = User.objects.get(username="admin")
        assert admin.check_password("gamma-pass-1")
        assert RoleAssignment.objects.filter(user=admin, role=Role.ADMIN, unit=root).exists()
    connection.set_schema_to_public()


@pytest.mark.parametrize(
    ("slug", "family", "message"),
    [
        ("Bad-Slug", "county", "lower-case letters"),
        ("zeta_backup", "county", "lower-case letters"),  # not a valid host name
        ("public", "county", "reserved"),
        ("alpha", "county", "already exists"),
        ("delta", "galaxy", "family 'galaxy' is unknown"),
    ],
)
def test_tenant_create_refuses_bad_input_with_a_reason(worlds, db, slug, family, message):
    with pytest.raises(TenantError, match=message):
        tenant_create(slug=slug, name="x", family=family)
    assert not Tenant.objects.filter(schema_name=slug.lower(), family="galaxy").exists()


def test_suspended_tenant_is_refused_and_resumed(worlds, db, client_for):
    client = client_for("alpha", "admin")
    tenant_suspend(slug="alpha", reason="欠费")
    response = client.post("/graphql", data={"query": "{ me { username } }"})
    assert response.status_code == 403
    assert response.json()["error"] == "tenant_suspended"
    assert jifen(["tenant", "resume", "alpha"]) == 0
    assert client.graphql("{ me { username } }")["data"]["me"]["username"] == "admin"


def test_delete_needs_the_slug_repeated_and_drops_the_schema(worlds, django_db_blocker, capsys):
    # committed for real: a schema is dropped outside any test transaction
    with django_db_blocker.unblock():
        tenant_create(slug="epsilon", name="戊县", family="village")
        try:
            assert jifen(["tenant", "delete", "epsilon"]) == 2
            assert "confirm by passing the slug again" in capsys.readouterr().err
            assert schema_exists("epsilon")
        finally:
            tenant_delete(slug="epsilon", confirm="epsilon")
        assert not schema_exists("epsilon")
        assert not Tenant.objects.filter(schema_name="epsilon").exists()
        assert TenantClient("epsilon").get("/graphql").status_code == 404
