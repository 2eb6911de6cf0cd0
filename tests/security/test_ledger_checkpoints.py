"""The database owner rewrites a chain with the triggers off and every hash recomputed: the
chain verifies, but `jifen ledger verify` reports it against the signed checkpoint."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from jifen.cli import main as jifen
from jifen.ledger import chain
from jifen.ledger.checkpoints import checkpoint_sign, checkpoints_verify
from jifen.ledger.models import Account, Checkpoint, Entry
from jifen.ledger.selectors import chain_verify
from jifen.ledger.services import EventInput, event_record
from jifen.testing.worlds import tenant_admin
from workers.app import app


def _book(world, key: str, item: str = "party_day_late"):
    return event_record(
        actor=tenant_admin(),
        data=EventInput(key=key, subject_id=world.member_subject, item=item,
                        occurred_on=date(2026, 1, 5)),
    )  # fmt: skip


def _rewrite_as_owner(account: Account, *, seq: int, points) -> None:
    """What the database owner can do: triggers off, an entry changed, the chain after it
    and the account's head recomputed, triggers on again."""
    with connection.cursor() as cursor:
        # the test's own transaction still holds deferred foreign-key checks
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE ledger_entry DISABLE TRIGGER USER")
    Entry.objects.filter(account=account, seq=seq).update(points=points, raw_points=points)
    prev = chain.GENESIS
    for entry in Entry.objects.filter(account=account).order_by("seq"):
        fields = {n: getattr(entry, n) for n in (*chain.CHAINED_FIELDS, "kind", "event_digest")}
        new = chain.entry_hash(prev, fields)
        Entry.objects.filter(pk=entry.pk).update(prev_hash=prev, hash=new)
        prev = new
    Account.objects.filter(pk=account.pk).update(head_hash=prev)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE ledger_entry ENABLE TRIGGER USER")


@pytest.fixture
def signed(yongzhou, in_alpha):
    first = _book(in_alpha, "late-1")
    _book(in_alpha, "late-2")
    account = Account.objects.get(pk=first.entries[0].account_id)
    checkpoint = checkpoint_sign()
    assert checkpoint is not None and checkpoint.heads[str(account.pk)][0] == account.last_seq
    assert checkpoints_verify() == [] and chain_verify() == []
    return account


def test_a_rewritten_and_rehashed_chain_is_reported_against_the_checkpoint(signed, capsys):
    # when: the owner turns a −1 into +100 and recomputes the chain
    _rewrite_as_owner(signed, seq=1, points=100)
    # then: the chain alone is fooled …
    assert chain_verify() == []
    assert Entry.objects.get(account=signed, seq=1).points == 100
    # … the signed checkpoint is not
    [problem] = checkpoints_verify()
    assert problem.account_id == signed.pk and "signed" in problem.problem
    capsys.readouterr()
    assert jifen(["ledger", "verify", "--tenant", "alpha"]) == 1
    out = capsys.readouterr().out
    assert f"alpha: account {signed.pk} against signed checkpoint" in out


def test_a_removed_last_entry_with_the_head_fixed_is_reported(signed):
    last = Entry.objects.get(account=signed, seq=signed.last_seq)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE ledger_entry DISABLE TRIGGER USER")
        cursor.execute("DELETE FROM ledger_entry WHERE id = %s", [last.pk])
        cursor.execute("ALTER TABLE ledger_entry ENABLE TRIGGER USER")
    Account.objects.filter(pk=signed.pk).update(last_seq=last.seq - 1, head_hash=last.prev_hash)
    assert chain_verify() == []
    [problem] = checkpoints_verify()
    assert problem.account_id == signed.pk and "missing" in problem.problem


def test_a_checkpoint_edited_to_match_the_rewrite_does_not_verify(signed):
    _rewrite_as_owner(signed, seq=1, points=100)
    signed.refresh_from_db()
    checkpoint = Checkpoint.objects.get()
    heads = {**checkpoint.heads, str(signed.pk): [signed.last_seq, signed.head_hash]}
    Checkpoint.objects.filter(pk=checkpoint.pk).update(heads=heads)
    [problem] = checkpoints_verify()
    assert problem.account_id is None and "signature does not match" in problem.problem


def test_a_checkpoint_signed_with_another_key_does_not_verify(signed, in_alpha, settings):
    settings.LEDGER_CHECKPOINT_KEYS = ["dev1:a-key-the-attacker-guessed"]
    _book(in_alpha, "late-3")  # a new head, so that a new checkpoint is signed
    assert checkpoint_sign() is not None
    settings.LEDGER_CHECKPOINT_KEYS = ["dev1:dev-only-ledger-checkpoint-key"]
    problems = checkpoints_verify()
    assert [p.problem for p in problems if p.account_id is None] == [
        "the signature does not match (the checkpoint was forged or edited)"
    ]


def test_removing_a_checkpoint_in_the_middle_is_reported(signed, in_alpha):
    _book(in_alpha, "late-3")
    checkpoint_sign()
    _book(in_alpha, "late-4")
    checkpoint_sign()
    middle = Checkpoint.objects.order_by("created_at", "pk")[1]
    Checkpoint.objects.filter(pk=middle.pk).delete()
    problems = checkpoints_verify()
    assert any("does not follow" in p.problem for p in problems)


def test_nothing_moved_signs_nothing_and_beat_signs_periodically(signed):
    assert checkpoint_sign() is None
    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}
    assert schedule["ledger.checkpoint_all"] <= 3600
    assert "ledger.checkpoint" in app.tasks


def _forge_next(account: Account, points: int = 100) -> Entry:
    """A +100 appended after the account's last entry, its hashes computed like the
    application's (the algorithm is public): what a role that may INSERT can write."""
    last = Entry.objects.filter(account=account).order_by("-seq").first()
    forged = Entry(
        account_id=account.pk, seq=last.seq + 1, kind="booking", event_id=last.event_id,
        occurred_on=last.occurred_on, item=last.item, bucket=last.bucket, points=points,
        raw_points=points, rule=last.rule, ruleset_version=last.ruleset_version,
        created_at=last.created_at, event_digest=last.event_digest, prev_hash=last.hash,
    )  # fmt: skip
    fields = {n: getattr(forged, n) for n in (*chain.CHAINED_FIELDS, "kind", "event_digest")}
    forged.hash = chain.entry_hash(last.hash, fields)
    forged.save()
    return forged


def test_an_insert_only_forged_entry_is_detected_by_verify(signed, capsys):
    # given: a role that may only read and INSERT into the ledger's entries
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jifen_insert_only')"
            " THEN CREATE ROLE jifen_insert_only NOLOGIN; END IF; END$$"
        )
        cursor.execute("GRANT USAGE ON SCHEMA public, alpha TO jifen_insert_only")
        cursor.execute("GRANT SELECT ON ALL TABLES IN SCHEMA alpha TO jifen_insert_only")
        cursor.execute("GRANT INSERT ON alpha.ledger_entry TO jifen_insert_only")
        cursor.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA alpha TO jifen_insert_only")
        cursor.execute("SET ROLE jifen_insert_only")
    try:
        forged = _forge_next(signed)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    # then: the account's head never moved, so the chain reports it …
    [link] = chain_verify()
    assert link.account_id == signed.pk and "head does not match" in link.problem
    # … and verify names the forged entry as written after the last checkpoint
    capsys.readouterr()
    assert jifen(["ledger", "verify", "--tenant", "alpha"]) == 1
    out = capsys.readouterr().out
    assert "the account's head does not match its last entry" in out
    assert f"account {signed.pk} entries #{forged.seq}" in out


def test_a_forged_entry_with_the_head_moved_is_named_and_replays_differently(signed, capsys):
    # given: the application's own role (it may update accounts) forges and moves the head
    forged = _forge_next(signed)
    Account.objects.filter(pk=signed.pk).update(last_seq=forged.seq, head_hash=forged.hash)
    assert chain_verify() == [] and checkpoints_verify() == []
    # then: verify names what no signature vouches for, and the replay shows the +100
    capsys.readouterr()
    assert jifen(["ledger", "verify", "--tenant", "alpha", "--replay"]) == 1
    out = capsys.readouterr().out
    assert f"not yet signed: account {signed.pk} entries #{forged.seq}" in out
    assert "replays differently" in out and "100" in out
