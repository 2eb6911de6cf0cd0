"""New tenants are cloned from the template schema: same tables and seed rows, nothing of
any other tenant, and the product's own provisioning (root unit, administrator) on top."""

from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from jifen.access.models import User
from jifen.ledger.models import Account, Entry, Event
from jifen.org.models import OrgUnit, Role, RoleAssignment
from jifen.org.services import unit_create
from jifen.subjects.models import Subject
from tenants.models import Status, Tenant
from tenants.services import TEMPLATE_SCHEMA, tenant_create, tenant_delete

# rows the provisioning itself writes into a new schema, after the clone
PROVISIONED = {"org_orgunit", "access_user", "org_roleassignment", "audit_auditrecord"}


def _tables(schema: str) -> dict[str, int]:
    """Table name -> row count of one schema."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s"
            " AND table_type = 'BASE TABLE' ORDER BY 1",
            [schema],
        )
        names = [name for (name,) in cursor.fetchall()]
        counts = {}
        for name in names:
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{name}"')
            counts[name] = cursor.fetchone()[0]
    return counts


def _migrations(schema: str) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations')
        return set(cursor.fetchall())


def test_a_cloned_tenant_has_the_templates_tables_and_seed_rows_and_nobody_elses(
    worlds, django_db_blocker
):
    with django_db_blocker.unblock():
        # given the test tenants, built with data of their own (units, people)
        with schema_context("alpha"):
            assert Subject.objects.exists()
        # when a tenant is provisioned through the product's own path
        _tenant, login = tenant_create(
            slug="zetaclone", name="己县委组织部", family="county", admin_password="zeta-pass-1"
        )
        try:
            connection.set_schema_to_public()
            assert schema_exists(TEMPLATE_SCHEMA) and schema_exists("zetaclone")
            template, clone = _tables(TEMPLATE_SCHEMA), _tables("zetaclone")
            # then it has exactly the template's tables, its migrations and its seed rows
            assert set(clone) == set(template)
            assert _migrations("zetaclone") == _migrations(TEMPLATE_SCHEMA)
            assert {t: n for t, n in clone.items() if t not in PROVISIONED} == {
                t: n for t, n in template.items() if t not in PROVISIONED
            }
            assert template["django_migrations"] > 0
            # the template holds no tenant's data; the clone only what provisioning wrote
            assert all(template[t] == 0 for t in PROVISIONED - {"audit_auditrecord"})
            with schema_context("zetaclone"):
                root = OrgUnit.objects.get()
                assert (root.name, root.kind) == ("己县委组织部", "county")
                admin = User.objects.get()
                assert admin.username == "admin" and admin.check_password("zeta-pass-1")
                assert RoleAssignment.objects.filter(
                    user=admin, role=Role.ADMIN, unit=root
                ).exists()
                assert not Subject.objects.exists()
                assert not (Account.objects.exists() or Event.objects.exists())
                assert not Entry.objects.exists()
                # its sequences are its own: new rows start after the template's rows
                extra = unit_create(parent=root, name="其他支部", kind="branch")
                assert extra.pk > root.pk
            assert Tenant.objects.get(schema_name="zetaclone").status == Status.ACTIVE
            assert login.password == "zeta-pass-1"
        finally:
            connection.set_schema_to_public()
            tenant_delete(slug="zetaclone", confirm="zetaclone")
        # deleting the clone leaves the template as it was
        assert schema_exists(TEMPLATE_SCHEMA)
        assert _tables(TEMPLATE_SCHEMA) == template


def test_a_cloned_schema_keeps_the_ledgers_append_only_triggers(worlds, django_db_blocker):
    with django_db_blocker.unblock():
        tenant_create(slug="etaclone", name="庚县", family="village")
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT c.relname, t.tgname, p.pronamespace::regnamespace::text"
                    " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                    " JOIN pg_proc p ON p.oid = t.tgfoid"
                    " WHERE c.relnamespace = 'etaclone'::regnamespace AND NOT t.tgisinternal"
                    " ORDER BY 1, 2"
                )
                triggers = cursor.fetchall()
            names = {(table, name) for table, name, _schema in triggers}
            assert ("ledger_entry", "ledger_entry_no_update_delete") in names
            assert ("ledger_event", "ledger_event_no_update_delete") in names
            # each trigger calls the clone's own function, not the template's
            assert {schema for _t, _n, schema in triggers} == {"etaclone"}
        finally:
            connection.set_schema_to_public()
            tenant_delete(slug="etaclone", confirm="etaclone")


def test_provisioning_without_the_template_migrates_from_scratch(worlds, django_db_blocker):
    with django_db_blocker.unblock():
        tenant_create(slug="thetascratch", name="辛县", family="county", clone=False)
        try:
            connection.set_schema_to_public()
            assert set(_tables("thetascratch")) == set(_tables(TEMPLATE_SCHEMA))
            assert _migrations("thetascratch") == _migrations(TEMPLATE_SCHEMA)
        finally:
            connection.set_schema_to_public()
            tenant_delete(slug="thetascratch", confirm="thetascratch")
