"""The application's database role cannot switch off the ledger's triggers, truncate,
alter or rewrite it; it still books."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import ProgrammingError, connection, transaction
from psycopg import errors

from jifen.db_roles import app_role_grant
from jifen.ledger.models import Entry
from jifen.ledger.selectors import chain_verify
from jifen.ledger.services import EventInput, event_record
from jifen.testing.worlds import tenant_admin

ROLE = "jifen_app_test"


@pytest.fixture
def as_app_role(yongzhou, in_alpha):
    """This test's connection runs as the application role (granted as the owner would)."""
    assert app_role_grant(role=ROLE, schemas=["public", "alpha"]) == ["public", "alpha"]
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {ROLE}")
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (ROLE,)
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def _refused(statement: str, params=()) -> Exception:
    """The statement fails for want of privilege (PostgreSQL's 42501), nothing else."""
    with (
        pytest.raises(ProgrammingError) as refused,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's deferred checks
        cursor.execute(statement, params)
    assert isinstance(refused.value.__cause__, errors.InsufficientPrivilege), refused.value
    return refused.value


def test_the_app_role_books_and_the_chain_verifies(as_app_role, in_alpha):
    recorded = event_record(
        actor=tenant_admin(),
        data=EventInput(key="as-app", subject_id=in_alpha.member_subject, item="party_day_late",
                        occurred_on=date(2026, 1, 5)),
    )  # fmt: skip
    assert recorded.entries and chain_verify() == []


def test_the_app_role_cannot_disable_the_ledgers_trigger(as_app_role):
    refused = _refused("ALTER TABLE ledger_entry DISABLE TRIGGER USER")
    assert "must be owner" in str(refused)
    _refused("ALTER TABLE ledger_event DISABLE TRIGGER ALL")


def test_the_app_role_cannot_truncate_alter_or_rewrite_the_ledger(as_app_role, in_alpha):
    event_record(
        actor=tenant_admin(),
        data=EventInput(key="x", subject_id=in_alpha.member_subject, item="party_day_late",
                        occurred_on=date(2026, 1, 5)),
    )  # fmt: skip
    _refused("TRUNCATE ledger_entry")
    _refused("ALTER TABLE ledger_entry ADD COLUMN forged int")
    _refused("DROP TRIGGER ledger_entry_no_update_delete ON ledger_entry")
    _refused("UPDATE ledger_entry SET points = 100")
    _refused("DELETE FROM ledger_event")
    _refused("UPDATE audit_auditrecord SET note = 'x'")
    assert Entry.objects.filter(points=100).count() == 0
