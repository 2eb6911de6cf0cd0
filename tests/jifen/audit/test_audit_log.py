"""Administrative changes are in an append-only audit log: who, what, before, after, when;
tenant administrators read it."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context

from jifen.access.models import User
from jifen.audit.models import AuditRecord
from jifen.org.models import OrgUnit, Role
from jifen.org.services import role_assign
from jifen.testing.worlds import publish_template


def test_publishing_and_assigning_a_ruleset_and_granting_a_role_are_audited(in_alpha):
    # when the administrator publishes and assigns a ruleset and grants a role
    publish_template("yongzhou-safety-bureau", "yongzhou", in_alpha.root, dt.date(2026, 1, 1))
    admin = User.objects.get(username="admin")
    branch = OrgUnit.objects.get(pk=in_alpha.branch_2)
    role_assign(
        actor=admin, user=User.objects.get(username="member_1"), role=Role.RECORDER, unit=branch
    )
    # then each change is recorded with who made it and what it became
    log = list(AuditRecord.objects.order_by("pk").values_list("action", "actor__username"))
    assert log == [
        ("ruleset.fork", "admin"),
        ("ruleset.publish", "admin"),
        ("ruleset.assign", "admin"),
        ("role.grant", "admin"),
    ]
    publish = AuditRecord.objects.get(action="ruleset.publish")
    assert publish.after["effective_from"] == "2026-01-01"
    grant = AuditRecord.objects.get(action="role.grant")
    assert grant.after == {"user": "member_1", "role": "recorder", "unit": "甲县二支部"}


def test_the_audit_log_refuses_changes(in_alpha):
    publish_template("yongzhou-safety-bureau", "yongzhou", in_alpha.root)
    with (
        pytest.raises(Exception, match="audit_auditrecord is append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditrecord")


def test_administrators_read_the_log_and_others_do_not(in_alpha, client_for):
    publish_template("yongzhou-safety-bureau", "yongzhou", in_alpha.root)
    query = "{ auditLog(first: 10) { totalCount edges { node { action actor { username } } } } }"
    admin = client_for("alpha", "admin").graphql(query)["data"]["auditLog"]
    assert admin["totalCount"] == 3
    assert admin["edges"][0]["node"] == {"action": "ruleset.assign", "actor": {"username": "admin"}}
    assert client_for("alpha", "secretary_1").graphql(query)["data"]["auditLog"]["totalCount"] == 0
    assert client_for("beta", "admin").graphql(query)["data"]["auditLog"]["totalCount"] == 0


def test_tenant_changes_are_audited_in_the_public_schema(alpha):
    from tenants.services import tenant_resume, tenant_suspend

    tenant_suspend(slug="beta", reason="unpaid")
    tenant_resume(slug="beta")
    with schema_context("public"):
        actions = list(
            AuditRecord.objects.filter(target__contains="beta")
            .order_by("pk")
            .values_list("action", "after", "actor", "note")
        )
    by_console = "by the platform operator at the command line (jifen tenant)"
    assert actions[-2:] == [
        ("tenant.suspend", {"reason": "unpaid"}, None, by_console),
        ("tenant.resume", None, None, by_console),
    ]
