"""`when:` conditions have one meaning, decided by durable-rules, and the explanation agrees.

The reference semantics below is written from rulesets/README.md ("Conditions") and shares
no code with the engine: the property tests compare what the engine matched, the points it
booked and what the explanation says with it, over generated conditions and subjects.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import event as outcome
from hypothesis import strategies as st

from rulesets.attributes import InvalidAttributes, attribute_problems
from rulesets.contracts import EvaluationContext, Period, Subject, frozen_map
from rulesets.errors import EvaluationError
from rulesets.scoring import score_period
from tests.rulesets.helpers import engine, event

MISSING = object()
KEYS = ["category", "subject.status", "subject.level", "event.kind", "context.months"]
STRINGS = ["guest", "full", "1", "a"]
NUMBERS = [0, 1, 3, 10, -2, 1.0, 2.5, 3.0]
SCALARS = [*STRINGS, *NUMBERS, True, False]
CATEGORIES = ["member", "guest", "officer"]


def _fixed(x: float) -> int:
    return round(x * 10_000)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return _fixed(a) == _fixed(b)
    return isinstance(a, str) and isinstance(b, str) and a == b


def _present(value: Any) -> bool:
    return value is not MISSING and isinstance(value, str | int | float | bool)


def _number(value: Any) -> bool:
    return _present(value) and isinstance(value, int | float) and not isinstance(value, bool)


def holds(test: tuple[str, Any], actual: Any) -> bool:
    """The documented meaning of one test."""
    op, value = test
    if op == "equals":
        return _present(actual) and _same(actual, value)
    if op == "one_of":
        return _present(actual) and any(_same(actual, v) for v in value)
    if op == "at_least":
        return _number(actual) and _fixed(actual) >= _fixed(value)
    if op == "at_most":
        return _number(actual) and _fixed(actual) <= _fixed(value)
    return not (_present(actual) and _same(actual, value))  # not


def written(test: tuple[str, Any]) -> Any:
    op, value = test
    if op == "equals":
        return value
    if op == "one_of":
        return list(value)
    return {op: value}


tests_ = st.one_of(
    st.tuples(st.just("equals"), st.sampled_from(SCALARS)),
    st.tuples(st.just("one_of"), st.lists(st.sampled_from(SCALARS), min_size=1, max_size=3)),
    st.tuples(st.sampled_from(["at_least", "at_most"]), st.sampled_from([0, 1, 2.5, 3, 10])),
    st.tuples(st.just("not"), st.sampled_from(SCALARS)),
)
conditions = st.dictionaries(st.sampled_from(KEYS), tests_, min_size=1, max_size=2)
values = st.sampled_from([*SCALARS, MISSING, MISSING, None, [1], {"a": 1}])
category_values = st.sampled_from(CATEGORIES)


def _doc(variant: dict, multiplier: dict, consequence: dict) -> dict:
    return {
        "schema": "jifen/ruleset/1",
        "ruleset": "conditions",
        "subject": {"kind": "person", "categories": [{"code": c} for c in CATEGORIES]},
        "period": {"unit": "year"},
        "buckets": [{"code": "daily", "initial": 0}],
        "items": [
            {
                "code": "x",
                "bucket": "daily",
                "points": -1,
                "variants": [{"code": "v", "when": variant, "points": -5}],
            }
        ],
        "combination": {
            "role_multipliers": [{"when": multiplier, "factor": 2, "applies_to": "all"}]
        },
        "scoring": {
            "total": "daily",
            "grades": [{"code": "g"}],
            "consequences": [{"when": consequence, "grades": ["g"], "flag": "hit"}],
        },
    }


def _actual(key: str, facts: dict) -> Any:
    return facts.get(key, MISSING)


def _all_hold(condition: dict, facts: dict) -> bool:
    return all(holds(test, _actual(key, facts)) for key, test in condition.items())


def _out_of_range(condition: dict, facts: dict) -> bool:
    return any(_number(facts.get(key, MISSING)) and abs(facts[key]) > 1e11 for key in condition)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    variant=conditions,
    multiplier=conditions,
    category=category_values,
    status=values,
    level=st.one_of(values, st.sampled_from([1e16, -1e16, 1e-05])),
    kind=values,
    months=st.one_of(st.just(MISSING), st.sampled_from([0, 1, 3, 4.5, 10])),
)
def test_what_the_engine_matches_is_what_the_condition_means_and_what_it_explains(
    variant, multiplier, category, status, level, kind, months
):
    # given a variant and a role multiplier with generated conditions
    variant_when = {k: written(t) for k, t in variant.items()}
    multiplier_when = {k: written(t) for k, t in multiplier.items()}
    subject_keys = {k: t for k, t in variant.items() if not k.startswith(("event.", "context."))}
    doc = _doc(
        variant_when,
        multiplier_when,
        {k: written(t) for k, t in subject_keys.items()} or {"category": "member"},
    )
    compiled = engine(doc)
    subject_attrs = {
        name: value
        for name, value in (("status", status), ("level", level))
        if value is not MISSING
    }
    referenced = "event.kind" in variant or "event.kind" in multiplier
    attributes = {} if kind is MISSING or not referenced else {"kind": kind}
    counters = {} if months is MISSING else {"months": months}
    facts = {
        "category": category,
        **{f"subject.{k}": v for k, v in subject_attrs.items()},
        **{f"event.{k}": v for k, v in attributes.items()},
        **{f"context.{k}": v for k, v in counters.items()},
    }
    context = EvaluationContext(
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        subject_category=category,
        subject_attributes=frozen_map(subject_attrs),
        counters=frozen_map(counters),
    )
    e = event("s", "x", "2024-03-01", **attributes)

    # when the engine evaluates the event
    if attribute_problems(doc, doc["items"][0], attributes):
        outcome("refused at the door")
        with pytest.raises(InvalidAttributes):
            compiled.evaluate(e, context)
        return
    if _out_of_range(variant, facts) or _out_of_range(multiplier, facts):
        outcome("value out of range")
        with pytest.raises(EvaluationError, match="must be finite and at most"):
            compiled.evaluate(e, context)
        return
    evaluation = compiled.evaluate(e, context)

    # then it matched exactly what the conditions mean, and says so
    variant_holds = _all_hold(variant, facts)
    multiplier_holds = _all_hold(multiplier, facts)
    outcome(f"variant {'holds' if variant_holds else 'fails'}")
    outcome(f"multiplier {'holds' if multiplier_holds else 'fails'}")
    (effect,) = evaluation.effects
    assert effect.points == (-5 if variant_holds else -1) * (2 if multiplier_holds else 1)
    assert ("(variant v:" in evaluation.rule) is variant_holds
    assert ("(variant v:" in evaluation.explanation) is variant_holds
    assert ("×2 for" in evaluation.explanation) is multiplier_holds

    # and at period close, the same condition on the subject decides the consequence
    if subject_keys and not _out_of_range(subject_keys, facts):
        subject = Subject("s", category, frozen_map(subject_attrs))
        (result,) = score_period(
            doc, [subject], [], Period(date(2024, 1, 1), date(2024, 12, 31)), engine=compiled
        )
        assert ("hit" in result.flags) is _all_hold(subject_keys, facts)


@settings(max_examples=60, deadline=None)
@given(
    variants=st.lists(
        st.dictionaries(
            st.sampled_from(["category", "subject.status"]), tests_, min_size=1, max_size=2
        ),
        min_size=1,
        max_size=3,
    ),
    subjects=st.lists(st.tuples(category_values, values), min_size=1, max_size=40),
)
def test_in_a_batch_the_first_variant_that_holds_wins_for_every_event(variants, subjects):
    doc = _doc({"category": "member"}, {"category": "member"}, {"category": "member"})
    doc["combination"] = {}
    doc["items"][0]["variants"] = [
        {"code": f"v{j}", "when": {k: written(t) for k, t in v.items()}, "points": -10 - j}
        for j, v in enumerate(variants)
    ]
    compiled = engine(doc)
    pairs = []
    for category, status in subjects:
        attrs = {} if status is MISSING else {"status": status}
        context = EvaluationContext(
            date(2024, 1, 1), date(2024, 12, 31), category, frozen_map(attrs)
        )
        pairs.append((event("s", "x", "2024-03-01"), context))
    results = compiled.evaluate_many(pairs)
    for (category, status), result in zip(subjects, results, strict=True):
        facts = {"category": category, "subject.status": status}
        expected = next((-10 - j for j, v in enumerate(variants) if _all_hold(v, facts)), -1)
        assert result.effects[0].points == expected


def test_not_holds_for_a_subject_without_the_attribute():
    # the defect: durable-rules' $neq never matches a missing field, Python's != did
    doc = _doc({"subject.status": {"not": "guest"}}, {"category": "guest"}, {"category": "member"})
    context = EvaluationContext(date(2024, 1, 1), date(2024, 12, 31), "member")
    evaluation = engine(doc).evaluate(event("s", "x", "2024-03-01"), context)
    assert evaluation.effects[0].points == -5
    assert evaluation.rule == 'item x (variant v: subject.status ≠ "guest")'


def test_strings_numbers_and_booleans_are_different_values():
    doc = _doc({"subject.level": 1}, {"subject.level": {"at_least": 3}}, {"category": "member"})
    compiled = engine(doc)
    points = []
    for level in ["1", 1, 1.0, True, "3", 3]:
        context = EvaluationContext(
            date(2024, 1, 1), date(2024, 12, 31), "member", frozen_map({"level": level})
        )
        points.append(compiled.evaluate(event("s", "x", "2024-03-01"), context).effects[0].points)
    # "1" and true are not the number 1; "3" is text, not a number to compare
    assert points == [-1, -5, -5, -1, -1, -2]
