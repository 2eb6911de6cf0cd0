"""Versions share their compiled parts by content: identical items are one object, and
versions whose matching rules are equal share one durable-rules ruleset; results stay."""

from __future__ import annotations

import copy
from datetime import date

from rulesets import engine as engine_module
from rulesets.contracts import EvaluationContext
from tests.rulesets.helpers import engine as engine_for
from tests.rulesets.helpers import event, template

CTX = EvaluationContext(
    period_start=date(2024, 1, 1), period_end=date(2024, 12, 31), subject_category="member"
)


def _edited(document: dict, code: str, points: float) -> dict:
    edited = copy.deepcopy(document)
    for item in edited["items"]:
        if item["code"] == code:
            item["points"] = points
    return edited


def test_two_versions_share_an_identical_item_and_their_matching_rules():
    # given two versions of the star template: the second changes one item's points only
    star = template("star-party-member")
    a = engine_for(star, "shared.1")
    b = engine_for(_edited(star, "absent_activity", -3), "shared.2")
    # then they are two versions with their own content and their own changed item …
    assert a.content_hash != b.content_hash
    assert a.items["absent_activity"]["points"] == -1
    assert b.items["absent_activity"]["points"] == -3
    assert a.items["absent_activity"] is not b.items["absent_activity"]
    # … while every unchanged item, bucket and the scoring block is one shared object
    assert a.items["work_discipline"] is b.items["work_discipline"]
    assert a.document["buckets"] is b.document["buckets"]
    assert a.document["scoring"] is b.document["scoring"]
    # and one durable-rules ruleset matches for both (points are not part of matching)
    assert a.name == b.name and a.core is not b.core


def test_evaluation_is_unchanged_by_sharing():
    star = template("star-party-member")
    a = engine_for(star, "same.1")
    b = engine_for(_edited(star, "absent_activity", -3), "same.2")
    late = event("m1", "work_discipline", "2024-03-01")
    absent = event("m1", "absent_activity", "2024-03-02")
    # the shared item scores as it did; the changed one with its own points
    (effect,) = a.evaluate(late, CTX).effects
    assert (effect.bucket, effect.points, effect.rule) == ("daily", -2.0, "item work_discipline")
    assert b.evaluate(late, CTX).effects == a.evaluate(late, CTX).effects
    assert [e.points for e in a.evaluate(absent, CTX).effects] == [-1.0]
    assert [e.points for e in b.evaluate(absent, CTX).effects] == [-3.0]
    # each version names itself in its explanation
    assert "version same.1 (" in a.evaluate(late, CTX).explanation
    assert "version same.2 (" in b.evaluate(late, CTX).explanation


def test_interning_keeps_numbers_of_different_types_apart():
    first = engine_module.intern_tree({"a": {"points": 1}, "b": [1, True]})
    second = engine_module.intern_tree({"a": {"points": 1.0}, "b": [1, True]})
    assert first["b"] is second["b"]
    assert first["a"] is not second["a"]
    assert isinstance(second["a"]["points"], float)
    assert first["b"] == [1, True] and isinstance(first["b"][1], bool)


def test_rules_register_with_durable_rules_on_first_use_only():
    star = template("star-party-member")
    lazy = engine_for(_edited(star, "work_discipline", -7.25), "lazy.1")
    extra = {**star["items"][0], "code": "lazy_only_item"}
    fresh = engine_for({**star, "items": [*star["items"], extra]}, "lazy.2")
    assert not fresh.core.registered  # compiled, never evaluated: not in durable-rules yet
    fresh.evaluate(event("m1", "lazy_only_item", "2024-03-01"), CTX)
    assert fresh.core.registered and fresh.core.definition is None
    assert [
        e.points for e in lazy.evaluate(event("m1", "work_discipline", "2024-03-01"), CTX).effects
    ] == [-7.25]
