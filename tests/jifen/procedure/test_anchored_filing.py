"""A board's confirmation and a period's filing each sign a ledger checkpoint that covers
the chain heads, the declarations and the timeline; the filing the superior receives
carries it, and rewriting a declaration or the timeline afterwards shows in `verify`."""

from datetime import date

from django.db import connection

from jifen.exports import forms
from jifen.ledger.checkpoints import checkpoints_verify
from jifen.ledger.models import Account, Checkpoint
from jifen.procedure import services as procedure
from jifen.procedure.models import Declaration, Step
from tests.jifen.procedure.test_result_objections import _closed
from tests.jifen.procedure.test_steps import _on_board


def test_confirming_a_board_signs_a_checkpoint_over_what_it_confirmed(yongzhou, users):
    declaration, board = _on_board(users)
    procedure.board_confirm(actor=users["secretary_1"], board=board, today=date(2026, 3, 28))
    board.refresh_from_db()
    declaration.refresh_from_db()
    checkpoint = board.checkpoint
    assert checkpoint is not None and checkpoint.reason == "board_confirmed"
    account = Account.objects.get(pk=declaration.event.entries.first().account_id)
    # the confirmation entry is inside the signed head
    assert checkpoint.heads[str(account.pk)] == [account.last_seq, account.head_hash]
    last_step = board.steps.get(action="board_confirmed")
    assert checkpoint.anchors["timeline"]["upto"] >= last_step.pk
    assert checkpoint.anchors["declarations"]["upto"] >= declaration.pk
    assert checkpoint.anchors["events"]["upto"] >= declaration.event_id
    assert checkpoints_verify() == []


def test_the_filing_carries_its_checkpoint_to_the_superior(yongzhou, users):
    close = _closed(users)
    close = procedure.period_file(actor=users["secretary_1"], close=close, today=date(2027, 1, 13))
    assert close.status == "filed"
    checkpoint = close.checkpoint
    assert checkpoint.reason == "period_filed"
    assert checkpoint.anchors["timeline"]["upto"] >= close.steps.get(action="filed").pk
    facts = dict(forms.period_results(close).facts)
    assert f"第{checkpoint.pk}号" in facts["账本签名检查点"]
    assert checkpoint.signature in facts["账本签名检查点"]
    # filing twice is idempotent: the same checkpoint
    again = procedure.period_file(actor=users["secretary_1"], close=close, today=date(2027, 1, 14))
    assert again.checkpoint_id == checkpoint.pk
    assert checkpoints_verify() == []


def test_a_rewritten_declaration_or_removed_step_is_named_against_the_checkpoint(yongzhou, users):
    declaration, board = _on_board(users)
    procedure.board_confirm(actor=users["secretary_1"], board=board, today=date(2026, 3, 28))
    board.refresh_from_db()
    # the owner rewrites what was declared, and removes a step from the timeline
    Declaration.objects.filter(pk=declaration.pk).update(item="forged_bonus")
    step = Step.objects.filter(declaration=declaration, action="confirmed").get()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procedure_step WHERE id = %s", [step.pk])
    problems = [p.problem for p in checkpoints_verify() if p.checkpoint_id == board.checkpoint_id]
    assert any(p.startswith("declarations with ids") and "rewritten" in p for p in problems)
    assert any(p.startswith("timeline with ids") and "removed" in p for p in problems)
    assert Checkpoint.objects.filter(pk=board.checkpoint_id).exists()
