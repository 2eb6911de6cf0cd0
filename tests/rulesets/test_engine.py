"""The durable-rules engine behind `compiled(...).evaluate(...)` and the version helpers."""

from __future__ import annotations

import json
from calendar import monthrange
from datetime import date

import pytest

from rulesets import engine as engine_module
from rulesets.cli import main
from rulesets.contracts import EvaluationContext, frozen_map
from rulesets.errors import EvaluationError, UnknownItem
from rulesets.inheritance import effective_document
from rulesets.versions import PublishedVersion, content_hash, version_in_force
from tests.rulesets.helpers import engine as engine_for
from tests.rulesets.helpers import event, template

CTX = EvaluationContext(
    period_start=date(2024, 1, 1), period_end=date(2024, 12, 31), subject_category="member"
)


def test_evaluation_names_rule_and_version_and_is_repeatable(star):
    engine = engine_for(star, "2024.1")
    e = event("m1", "work_discipline", "2024-03-01")
    first = engine.evaluate(e, CTX)
    assert first == engine.evaluate(e, CTX)
    (effect,) = first.effects
    assert (effect.bucket, effect.points, effect.rule) == ("daily", -2.0, "item work_discipline")
    assert first.explanation.startswith(
        "item work_discipline of ruleset star-party-member version 2024.1 ("
    )
    assert (first.ruleset, first.version) == ("star-party-member", "2024.1")


def test_compiled_is_cached_per_version_and_content(star):
    a = engine_for(star, "cache")
    assert engine_for(dict(star), "cache") is a
    changed = {**star, "title": "changed"}
    b = engine_for(changed, "cache")
    # new content -> a version of its own, but the same matching rules: one durable-rules
    # ruleset for both
    assert b is not a and b.content_hash != a.content_hash and b.name == a.name
    extra = {**star["items"][0], "code": "cache_extra_item"}
    c = engine_for({**star, "items": [*star["items"], extra]}, "cache")
    assert c.name != a.name  # a new item is a new rule to match


def test_unknown_item_is_a_clear_error(star):
    with pytest.raises(UnknownItem, match="item 'nope' is not in ruleset star-party-member"):
        engine_for(star, "u").evaluate(event("m1", "nope", "2024-01-01"), CTX)


def test_bad_event_attribute_is_a_clear_error_not_a_traceback(star):
    with pytest.raises(
        EvaluationError,
        match=r'attributes.outcome: "great" is not allowed: must be one of "excellent"',
    ):
        engine_for(star, "a").evaluate(
            event("m1", "review_outcome", "2024-12-01", outcome="great"), CTX
        )


def test_exception_inside_an_action_is_raised_as_evaluation_error(star, monkeypatch):
    engine = engine_for(star, "x")

    def boom(*args):
        raise RuntimeError("kaput")

    monkeypatch.setattr(engine_module.CompiledRuleset, "_effects", boom)
    with pytest.raises(EvaluationError, match=r"rule failed for event .*kaput"):
        engine.evaluate(event("m1", "absent_activity", "2024-01-01"), CTX)


def test_many_evaluations_never_exhaust_durable_rules_sids(star):
    engine = engine_for(star, "sids")
    e = event("m1", "absent_activity", "2024-01-01")
    for _ in range(1500):  # more than the 1,024 live sids a ruleset allows
        engine.evaluate(e, CTX)


def test_counter_veto_fires_from_context_counters(star):
    ctx = EvaluationContext(
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        counters=frozen_map({"months_without_dues": 6}),
    )
    result = engine_for(star, "v").evaluate(event("m1", "dues_missed", "2024-06-10"), ctx)
    assert [e.veto for e in result.effects] == [None, "zero_period"]
    assert "veto dues_six_months" in result.explanation


def test_bucket_cap_is_applied_at_event_time_with_capped_from():
    doc = template("dongtang-vote-weighted")
    ctx = EvaluationContext(
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        subject_category="student",
        bucket_totals=frozen_map({"bonus": 15.0, "daily": 100.0}),
    )
    (eff,) = (
        engine_for(doc, "cap")
        .evaluate(event("s", "outstanding", "2024-03-01", points=10), ctx)
        .effects
    )
    assert (eff.points, eff.raw_points, eff.capped_from) == (5.0, 10.0, 10.0)


def test_version_in_force_and_content_hash():
    v1 = PublishedVersion("r", "1", date(2024, 1, 1), {"a": 1})
    v2 = PublishedVersion("r", "2", date(2024, 7, 1), {"a": 2})
    assert version_in_force([v2, v1], date(2024, 6, 30)) is v1
    assert version_in_force([v1, v2], date(2024, 7, 1)) is v2
    assert version_in_force([v1, v2], date(2023, 12, 31)) is None
    assert content_hash({"a": 1, "b": 2}) == content_hash({"b": 2, "a": 1})


def test_parent_change_reaches_child_from_its_effective_date(star):
    parent_v1 = star
    parent_v2 = {
        **star,
        "buckets": [{**star["buckets"][0], "initial": 70, "cap": 70}, star["buckets"][1]],
    }
    versions = [
        PublishedVersion("star-party-member", "1", date(2024, 1, 1), parent_v1),
        PublishedVersion("star-party-member", "2", date(2025, 1, 1), parent_v2),
    ]

    def resolver(code, on):
        found = version_in_force([v for v in versions if v.ruleset == code], on)
        return found.document if found else None

    child = {
        "schema": "jifen/ruleset/1",
        "ruleset": "branch-a",
        "extends": "star-party-member",
        "items": [
            {"code": "absent_activity", "points": -2},
            {"code": "late_report", "bucket": "daily", "points": -1},
        ],
        "remove": {"items": ["other_misconduct"]},
    }
    in_2024 = effective_document(child, resolver, date(2024, 6, 1))
    in_2025 = effective_document(child, resolver, date(2025, 6, 1))
    items = {i["code"]: i for i in in_2024["items"]}
    assert items["absent_activity"]["points"] == -2 and "late_report" in items
    assert "other_misconduct" not in items and in_2024["ruleset"] == "branch-a"
    assert in_2024["buckets"][0]["initial"] == 80 and in_2025["buckets"][0]["initial"] == 70


def test_cli_simulate_prints_the_documented_json(tmp_path, capsys):
    subjects = tmp_path / "s.jsonl"
    events = tmp_path / "e.jsonl"
    subjects.write_text('{"id": "m1", "category": "member"}\n')
    events.write_text(
        '{"id": "e1", "subject": "m1", "item": "absent_activity", "occurred_on": "2024-02-03",'
        ' "idempotency_key": "k1"}\n'
        '{"id": "e2", "subject": "m1", "item": "absent_activity", "occurred_on": "2024-02-03",'
        ' "idempotency_key": "k1"}\n'
    )
    from rulesets.document import TEMPLATES

    code = main(
        [
            "simulate",
            str(TEMPLATES / "star-party-member.yaml"),
            "--subjects",
            str(subjects),
            "--events",
            str(events),
            "--period-start",
            "2024-01-01",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out == {
        "ruleset": "star-party-member",
        "version": "draft",
        "period": {"start": "2024-01-01", "end": "2024-12-31"},
        "subjects": [
            {
                "id": "m1",
                "category": "member",
                "total": 79.0,
                "buckets": {"daily": 79.0, "review": 0.0},
                "grade": "qualified",
                "rank": 1,
                "stars": None,
                "vetoed": False,
                "redeemable": True,
                "flags": [],
                "explain": [
                    {
                        "event": "e1",
                        "item": "absent_activity",
                        "points": -1.0,
                        "rule": "item absent_activity",
                    }
                ],
                # what each bucket moved in each month of the year (period.sub_period)
                "sub_periods": [
                    {
                        "start": f"2024-{m:02d}-01",
                        "end": date(2024, m, monthrange(2024, m)[1]).isoformat(),
                        "buckets": {"daily": -1.0} if m == 2 else {},
                    }
                    for m in range(1, 13)
                ],
            }
        ],
    }


def test_cli_simulate_reports_bad_input_lines(tmp_path, capsys):
    from rulesets.document import TEMPLATES

    (tmp_path / "s.jsonl").write_text('{"id": "m1"}\n')
    (tmp_path / "e.jsonl").write_text("not json\n")
    assert (
        main(
            [
                "simulate",
                str(TEMPLATES / "star-party-member.yaml"),
                "--subjects",
                str(tmp_path / "s.jsonl"),
                "--events",
                str(tmp_path / "e.jsonl"),
            ]
        )
        == 1
    )
    assert "e.jsonl:1: invalid JSON" in capsys.readouterr().err


def _pairs(n: int) -> list[tuple]:
    items = ["absent_activity", "work_discipline", "dues_missed", "review_outcome"]
    out = []
    for i in range(n):
        item = items[i % len(items)]
        attrs = {"outcome": "qualified"} if item == "review_outcome" else {}
        ctx = EvaluationContext(
            period_start=date(2024, 1, 1),
            period_end=date(2024, 12, 31),
            subject_category="member",
            item_occurrences=i % 3,
            bucket_totals=frozen_map({"daily": 80.0 - i % 90, "review": 0.0}),
            counters=frozen_map({"months_without_dues": i % 8}),
        )
        out.append((event(f"m{i % 7}", item, "2024-03-01", **attrs), ctx))
    return out


def test_evaluate_many_equals_one_evaluate_per_pair(star):
    engine = engine_for(star, "many")
    pairs = _pairs(1203)  # three batches of at most 500, the last one partial
    assert engine.evaluate_many(pairs, batch_size=500) == [engine.evaluate(*p) for p in pairs]
    vetoes = [e for ev in engine.evaluate_many(pairs) for e in ev.effects if e.veto]
    # dues_missed is every 4th pair (i = 2, 6, 10 …) and vetoes when i % 8 >= 6: i % 8 == 6
    assert len(vetoes) == len([i for i in range(1203) if i % 4 == 2 and i % 8 >= 6])


def test_evaluate_many_uses_short_lived_sids(star):
    engine = engine_for(star, "many-sids")
    pairs = _pairs(2100)
    for _ in range(3):  # 2100 one-pair sids, then batches: never 1,024 live sids at once
        engine.evaluate_many(pairs, batch_size=1)
    assert engine_module._SLOTS == {}


def test_evaluate_many_names_the_first_failing_event(star, monkeypatch):
    engine = engine_for(star, "many-x")
    pairs = _pairs(10)
    bad = pairs[5][0]
    original = engine_module.CompiledRuleset._effects

    def boom(self, rule, ev, ctx, holds):
        if ev.id == bad.id:
            raise RuntimeError("kaput")
        return original(self, rule, ev, ctx, holds)

    monkeypatch.setattr(engine_module.CompiledRuleset, "_effects", boom)
    with pytest.raises(EvaluationError, match=rf"rule failed for event '{bad.id}': kaput"):
        engine.evaluate_many(pairs)


def test_evaluate_many_checks_every_item_before_posting(star):
    pairs = [*_pairs(3), (event("m1", "nope", "2024-01-01"), CTX)]
    with pytest.raises(UnknownItem, match="item 'nope' is not in ruleset"):
        engine_for(star, "many-u").evaluate_many(pairs)


def test_a_dropped_action_is_an_error(star, monkeypatch):
    engine = engine_for(star, "dropped")
    # an action that returns without a result is what a dropped (>10 s) action looks like;
    # i0 is absent_activity, and durable-rules bound its Promise when the ruleset registered
    ruleset = engine_module._host().get_ruleset(engine.name)
    monkeypatch.setattr(ruleset._actions["i0"], "_func", lambda c: None)
    with pytest.raises(EvaluationError, match="no rule completed for event"):
        engine.evaluate(event("m1", "absent_activity", "2024-01-01"), CTX)


def test_overriding_a_parent_item_keeps_the_item_free_of_document_keys():
    from rulesets.inheritance import merge

    parent = {"ruleset": "p", "items": [{"code": "a", "bucket": "b", "points": 1}]}
    child = {"ruleset": "c", "extends": "p", "items": [{"code": "a", "points": 3}]}
    assert merge(parent, child) == {
        "ruleset": "c",
        "items": [{"code": "a", "bucket": "b", "points": 3}],
    }
