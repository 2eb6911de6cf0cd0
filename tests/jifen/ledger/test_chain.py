"""The per-account hash chain finds tampering that got past the database's guard."""

from datetime import date

from django.db import connection

from jifen.cli import main as jifen
from jifen.ledger.models import Entry
from jifen.ledger.selectors import chain_verify
from jifen.ledger.services import EventInput, event_record
from jifen.testing.worlds import tenant_admin


def _book(world, n):
    for i in range(n):
        event_record(actor=tenant_admin(), data=EventInput(key=f"c{i}", subject_id=world.member_subject,
                                     item="volunteer", occurred_on=date(2026, 1, 1 + i)))  # fmt: skip


def _tamper(sql):
    # Only a database superuser can do this: switch the append-only trigger off.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush the test transaction's FK checks
        cursor.execute("ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_no_update_delete")
        cursor.execute(sql)
        cursor.execute("ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_no_update_delete")


def test_intact_chains_verify(yongzhou, in_alpha, capsys):
    _book(in_alpha, 4)
    assert chain_verify() == []
    assert jifen(["ledger", "verify", "--tenant", "alpha"]) == 0
    assert "alpha: 1 account(s), 4 entries, all chains intact" in capsys.readouterr().out


def test_verify_reports_the_first_altered_entry(yongzhou, in_alpha, capsys):
    _book(in_alpha, 4)
    third = Entry.objects.get(event__key="c2")
    _tamper(f"UPDATE ledger_entry SET points = 20 WHERE id = {third.pk}")
    [broken] = chain_verify()
    assert (broken.seq, broken.entry_id) == (3, third.pk)
    assert "altered" in broken.problem
    assert jifen(["ledger", "verify", "--tenant", "alpha"]) == 1
    assert f"alpha: account {third.account_id} entry #3" in capsys.readouterr().out


def test_verify_reports_a_deleted_entry(yongzhou, in_alpha):
    _book(in_alpha, 3)
    last = Entry.objects.get(event__key="c2")
    _tamper(f"DELETE FROM ledger_entry WHERE id = {last.pk}")
    [broken] = chain_verify()
    assert "entries removed" in broken.problem
