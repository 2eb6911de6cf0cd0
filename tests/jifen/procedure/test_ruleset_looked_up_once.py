"""The ruleset in force is looked up once per action and passed down; a version's merged
document is hashed once, however many declarations it scores."""

from __future__ import annotations

from datetime import date

import pytest

import rulesets.versions
from jifen.procedure import services as procedure
from jifen.procedure.services import DeclarationInput
from jifen.rulebook import selectors as rulebook
from jifen.subjects.models import Subject

DAY, TODAY = date(2026, 3, 5), date(2026, 3, 20)


@pytest.fixture
def counted(monkeypatch):
    """Calls of the lookup of the ruleset in force and of the document hash."""
    calls = {"lookup": 0, "hash": 0}
    digest = rulesets.versions.content_hash

    def counting(lookup):
        def counted_lookup(*args, **kwargs):
            calls["lookup"] += 1
            return lookup(*args, **kwargs)

        return counted_lookup

    def counting_hash(*args, **kwargs):
        calls["hash"] += 1
        return digest(*args, **kwargs)

    # the one-statement lookup, and the two-step one that words a refusal
    monkeypatch.setattr(rulebook, "version_in_force_for", counting(rulebook.version_in_force_for))
    monkeypatch.setattr(rulebook, "ruleset_for_unit", counting(rulebook.ruleset_for_unit))
    monkeypatch.setattr(rulesets.versions, "content_hash", counting_hash)
    monkeypatch.setattr(rulebook, "_EFFECTIVE", {})  # a process that has not seen the version
    return calls


def _declare(users, key: str):
    return procedure.declaration_submit(
        actor=users["member_1"],
        data=DeclarationInput(
            key=key, subject_id=Subject.objects.get(name="甲县党员乙").pk, item="task_not_done",
            occurred_on=DAY, attributes={},
        ),
        today=TODAY,
    )  # fmt: skip


def test_declaring_and_reviewing_look_the_ruleset_up_once_each(yongzhou, users, counted):
    # when a member declares
    declaration = _declare(users, "once-1")
    # then the ruleset in force was looked up once, and its document hashed once
    assert counted == {"lookup": 1, "hash": 1}
    # when the branch secretary accepts it (the ledger books the event with the same version)
    procedure.declaration_review(
        actor=users["secretary_1"], declaration=declaration, decision="accept"
    )
    # then one more lookup, and no new hash
    assert counted == {"lookup": 2, "hash": 1}
    # and a second declaration of the same version costs a lookup each step, never a hash
    procedure.declaration_review(
        actor=users["secretary_1"], declaration=_declare(users, "once-2"), decision="accept"
    )
    assert counted == {"lookup": 4, "hash": 1}
