"""Events are written once, complete, and protected like entries: PostgreSQL refuses to
change them, the hash chain covers what decided the points, and a booked evaluation can
be replayed exactly from what the event stored."""

from datetime import date

import pytest
from django.db import connection, transaction

from jifen.access.services import system_actor
from jifen.cli import main as jifen
from jifen.ledger.models import Event
from jifen.ledger.selectors import chain_verify, event_replay
from jifen.ledger.services import EventInput, event_record


def _book(world, key="p1", item="party_day_late", day=date(2026, 3, 5), **attributes):
    return event_record(
        actor=system_actor(),
        data=EventInput(
            key=key, subject_id=world.member_subject, item=item, occurred_on=day,
            attributes=attributes,
        ),
    )  # fmt: skip


def _tamper(sql):
    # Only the database owner can do this: switch the append-only trigger off.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush the test transaction's FK checks
        cursor.execute("ALTER TABLE ledger_event DISABLE TRIGGER ledger_event_no_update_delete")
        cursor.execute(sql)
        cursor.execute("ALTER TABLE ledger_event ENABLE TRIGGER ledger_event_no_update_delete")


def test_an_event_is_written_complete_with_its_version_and_context(yongzhou, in_alpha):
    event = _book(in_alpha).event
    event.refresh_from_db()
    assert event.version_key.startswith("alpha/yongzhou/v1/")
    assert event.explanation.startswith("item party_day_late of ruleset yongzhou version v1 (")
    assert event.context["period_start"] == "2026-01-01"
    assert event.context["subject_category"] == "full"  # what the engine saw
    assert len(event.digest) == 64
    assert {e.event_digest for e in event.entries.all()} == {event.digest}


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger_event SET attributes = '{\"x\": 1}'",
        "UPDATE ledger_event SET explanation = ''",
        "DELETE FROM ledger_event",
        "TRUNCATE ledger_event CASCADE",
    ],
)
def test_database_refuses_to_change_events(yongzhou, in_alpha, statement):
    _book(in_alpha)
    with (
        pytest.raises(Exception, match="ledger_event is append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(statement)
    assert Event.objects.filter(key="p1").exists()


@pytest.mark.parametrize(
    "change",
    [
        "quantity = 3",
        "item = 'volunteer'",
        "occurred_on = '2026-03-06'",
        "attributes = '{\"planted\": true}'",
        "version_key = 'alpha/yongzhou/v2/000000000000'",
        "context = jsonb_set(context, '{bucket_totals,duty}', '100')",
    ],
)
def test_verify_finds_an_event_edited_behind_the_applications_back(
    yongzhou, in_alpha, change, capsys
):
    # given a booked event that the database owner edits with the trigger off
    booked = _book(in_alpha)
    _book(in_alpha, key="p2", day=date(2026, 3, 6))
    _tamper(f"UPDATE ledger_event SET {change} WHERE id = {booked.event.pk}")
    # when the chain is verified
    [broken] = chain_verify()
    # then the first entry of the edited event is named
    assert broken.seq == booked.entries[0].seq
    assert broken.problem == "event 'p1' was altered after it was booked"
    assert jifen(["ledger", "verify", "--tenant", "alpha"]) == 1


def test_a_booked_evaluation_replays_the_same(yongzhou, in_alpha, capsys):
    _book(in_alpha, key="a", day=date(2026, 3, 1))
    second = _book(in_alpha, key="b", day=date(2026, 3, 2)).event
    replay = event_replay(event=second)
    assert replay.same, replay.differences
    assert replay.evaluation.explanation == second.explanation
    assert jifen(["ledger", "verify", "--tenant", "alpha", "--replay"]) == 0
    assert "alpha: 2 event(s) replayed, 0 differ" in capsys.readouterr().out


def test_replay_names_a_version_the_event_did_not_run_on(yongzhou, in_alpha):
    # given an event whose recorded version key is edited behind the application's back
    event = _book(in_alpha, key="c").event
    _tamper(f"UPDATE ledger_event SET version_key = 'alpha/yongzhou/v9/x' WHERE id = {event.pk}")
    event.refresh_from_db()
    # then verification and replay both notice
    assert chain_verify()[0].problem == "event 'c' was altered after it was booked"
    replay = event_replay(event=event)
    assert not replay.same
    assert "the event ran on alpha/yongzhou/v9/x" in replay.differences[0]
