"""`jifen migrate --check`: exit 0 when every schema is current, 1 listing those behind."""

from __future__ import annotations

from django.db import connection
from django_tenants.utils import schema_context

from jifen.cli import main as jifen


def test_check_passes_when_every_schema_is_up_to_date(worlds, db, capsys):
    assert jifen(["migrate", "--check"]) == 0
    assert capsys.readouterr().out.strip() == "all schemas are up to date"


def test_check_lists_a_lagging_tenant_and_fails(worlds, db, capsys):
    # given beta's record of its newest migration is gone (inside the test transaction)
    with schema_context("beta"), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE id = (SELECT max(id) FROM django_migrations)"
            " RETURNING app, name"
        )
        app, name = cursor.fetchone()
    # when
    exit_code = jifen(["migrate", "--check"])
    # then
    out = capsys.readouterr().out
    assert exit_code == 1
    assert f"beta: 1 unapplied ({app}.{name}…)" in out
    assert "alpha" not in out
    assert out.strip().endswith("1 schema(s) behind")


def test_schemas_behind_finds_exactly_the_lagging_schema(worlds, db):
    from jifen.migrations_status import schemas_behind

    assert schemas_behind(["alpha", "beta"]) == []
    # given beta's record of one migration is gone (inside the test transaction)
    with schema_context("beta"), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE id = (SELECT max(id) FROM django_migrations)"
        )
    connection.set_schema_to_public()
    # then only beta is behind, as the full check says
    assert schemas_behind(["alpha", "beta"]) == ["beta"]
    with schema_context("beta"):
        from jifen.migrations_status import _unapplied

        assert len(_unapplied()) == 1


def test_migrate_skips_the_schemas_that_are_up_to_date(worlds, db, capsys):
    assert jifen(["migrate"]) == 0
    out = capsys.readouterr().out
    assert "0 of " in out and "tenant schema(s) to migrate" in out
