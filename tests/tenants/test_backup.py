"""Backup and restore of one tenant on the real server: dump, drop, restore, verify.

These tests commit for real (schemas are dropped and restored outside any test transaction),
use tenants of their own and delete them afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import tarfile

import pytest
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from jifen.access.models import User
from jifen.access.services import system_actor, token_create
from jifen.cli import main as jifen
from jifen.ledger.models import Entry
from jifen.ledger.services import EventInput, events_record_bulk
from jifen.org.models import OrgUnit, RoleAssignment
from jifen.org.services import unit_create, unit_root
from jifen.subjects.models import Subject
from jifen.testing.clients import TenantClient
from jifen.testing.factories import PersonFactory, UnitFactory, UserFactory
from jifen.testing.worlds import publish_template
from tenants.backup import tenant_backup, tenant_restore
from tenants.errors import TenantError
from tenants.models import Domain, Status, Tenant
from tenants.services import tenant_create, tenant_delete, tenant_suspend


def _snapshot(slug: str) -> dict:
    with schema_context(slug):
        return {
            "units": sorted(OrgUnit.objects.values_list("name", "kind", "path")),
            "subjects": sorted(Subject.objects.values_list("name", "category", "home_unit_id")),
            "users": sorted(User.objects.values_list("username", "password")),
            "roles": sorted(RoleAssignment.objects.values_list("user__username", "role", "unit")),
            "entries": sorted(Entry.objects.values_list("account_id", "seq", "points", "hash")),
        }


def _populate(slug: str) -> None:
    with schema_context(slug):
        root = unit_root()
        branch = UnitFactory(parent=root, name="备份支部")
        for name in ("备份党员甲", "备份党员乙"):
            PersonFactory(name=name, home_unit=branch)
        UserFactory(username="clerk")
        publish_template("yongzhou-safety-bureau", "yongzhou", root.pk)
        member = Subject.objects.get(name="备份党员甲")
        events_record_bulk(
            actor=system_actor(),
            items=[
                EventInput(key=f"b{i}", subject_id=member.pk, item="volunteer",
                           occurred_on=dt.date(2026, 1 + i, 3))
                for i in range(4)
            ]
        )  # fmt: skip


@pytest.fixture
def own_tenant(worlds, django_db_blocker):
    """A committed tenant "zetabackup", deleted (with its schema) afterwards."""
    slug = "zetabackup"
    with django_db_blocker.unblock():
        tenant_create(slug=slug, name="备份测试县", family="county", admin_password="zeta-pass-1")
        _populate(slug)
        try:
            yield slug
        finally:
            connection.set_schema_to_public()
            if Tenant.objects.filter(schema_name=slug).exists():
                tenant_delete(slug=slug, confirm=slug)
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{slug}" CASCADE')
                cursor.execute(f'DROP SCHEMA IF EXISTS "{slug}__before_restore" CASCADE')


def test_dump_drop_restore_brings_the_tenant_back_isolated(own_tenant, tmp_path, capsys):
    slug = own_tenant
    backup = tmp_path / "zeta.jifen-backup"
    alpha_before, beta_before = _snapshot("alpha"), _snapshot("beta")
    tenant_suspend(slug=slug, reason="备份")
    before = _snapshot(slug)

    # given a backup taken with the command
    assert jifen(["tenant", "backup", slug, "--out", str(backup)]) == 0
    assert f"backed up {slug} to {backup}" in capsys.readouterr().out
    with tarfile.open(backup) as archive:
        assert archive.getnames() == ["tenant.json", "schema.dump"]
        manifest = json.loads(archive.extractfile("tenant.json").read())
    assert manifest["slug"] == slug
    assert (manifest["name"], manifest["family"], manifest["status"]) == (
        "备份测试县",
        "county",
        "suspended",
    )
    assert manifest["domains"] == [{"domain": f"{slug}.localhost", "is_primary": True}]

    # when the tenant is deleted (schema dropped, public rows gone) and restored
    tenant_delete(slug=slug, confirm=slug)
    assert not schema_exists(slug)
    assert jifen(["tenant", "restore", slug, "--from", str(backup)]) == 0
    assert f"restored {slug}" in capsys.readouterr().out

    # then its data, public rows and logins are back, and nobody else's changed
    assert _snapshot(slug) == before
    assert len(before["units"]) == 2 and len(before["subjects"]) == 2
    tenant = Tenant.objects.get(schema_name=slug)
    assert (tenant.name, tenant.family, tenant.status, tenant.suspended_reason) == (
        "备份测试县",
        "county",
        Status.SUSPENDED,
        "备份",
    )
    assert list(Domain.objects.filter(tenant=tenant).values_list("domain", "is_primary")) == [
        (f"{slug}.localhost", True)
    ]
    assert (_snapshot("alpha"), _snapshot("beta")) == (alpha_before, beta_before)
    assert jifen(["tenant", "resume", slug]) == 0
    with schema_context(slug):
        token = token_create(user=User.objects.get(username="admin"), name="after-restore")
        # sequences came back too: new rows do not collide with restored ones
        unit_create(parent=unit_root(), name="恢复后新支部", kind="branch")
    data = TenantClient(slug, token).graphql("{ orgUnits(first: 10) { totalCount } }")
    assert data["data"]["orgUnits"]["totalCount"] == 3
    # the restored tenant's token means nothing in alpha
    assert (
        TenantClient("alpha", token).post("/graphql", {"query": "{ me { id } }"}).status_code == 401
    )
    # the ledger came back whole: its chains verify and it is still append-only
    assert len(before["entries"]) == 4
    assert jifen(["ledger", "verify", "--tenant", slug]) == 0
    assert f"{slug}: 1 account(s), 4 entries, all chains intact" in capsys.readouterr().out
    with (
        schema_context(slug),
        pytest.raises(Exception, match="append-only"),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE ledger_entry SET points = 0")


def test_restore_keeps_an_existing_schema_unless_replace(own_tenant, tmp_path):
    slug = own_tenant
    backup = tmp_path / "zeta.tar"
    tenant_backup(slug=slug, path=backup)
    before = _snapshot(slug)
    with schema_context(slug):
        Subject.objects.filter(name="备份党员乙").delete()

    with pytest.raises(TenantError, match="exists; pass --replace"):
        tenant_restore(slug=slug, path=backup)
    assert len(_snapshot(slug)["subjects"]) == 1

    tenant_restore(slug=slug, path=backup, replace=True)
    assert _snapshot(slug) == before
    assert not schema_exists(f"{slug}__before_restore")


def test_restore_refuses_another_tenants_backup_or_a_foreign_file(own_tenant, tmp_path):
    backup = tmp_path / "zeta.tar"
    tenant_backup(slug=own_tenant, path=backup)
    with pytest.raises(TenantError, match="holds tenant 'zetabackup', not 'alpha'"):
        tenant_restore(slug="alpha", path=backup, replace=True)
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar")
    with pytest.raises(TenantError, match="cannot read"):
        tenant_restore(slug=own_tenant, path=junk)
    assert jifen(["tenant", "restore", own_tenant, "--from", str(junk)]) == 2


def test_failed_restore_puts_the_replaced_schema_back(own_tenant, tmp_path):
    slug = own_tenant
    backup = tmp_path / "zeta.tar"
    tenant_backup(slug=slug, path=backup)
    # a backup whose dump is damaged: pg_restore fails inside its single transaction
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(backup) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "schema.dump":
                data = data[: len(data) // 2]
                member.size = len(data)
            target.addfile(member, __import__("io").BytesIO(data))
    before = _snapshot(slug)
    with pytest.raises(TenantError, match="pg_restore failed"):
        tenant_restore(slug=slug, path=damaged, replace=True)
    assert _snapshot(slug) == before
    assert not schema_exists(f"{slug}__before_restore")
