"""An event's quantity: a whole number from 1 unless the item allows fractions, at most the
item's maximum; checked by the engine itself, not only at the platform's door."""

from __future__ import annotations

from datetime import date

import pytest

from rulesets.attributes import InvalidAttributes
from rulesets.contracts import EvaluationContext, Event, frozen_map
from rulesets.document import load_text
from rulesets.engine import compiled
from rulesets.versions import VersionKey

DOC = """\
schema: jifen/ruleset/1
ruleset: q
subject: {kind: party_member}
period: {unit: year, starts: "01-01"}
buckets:
  - {code: daily, initial: 80, floor: 0, cap: 100}
items:
  - {code: absent, bucket: daily, points: -1}
  - {code: study_hours, bucket: daily, points: 1, quantity: {fractions: true, max: 3}}
scoring:
  total: daily
"""


def _evaluate(item, quantity):
    doc = load_text(DOC)
    engine = compiled(VersionKey.of("t", "q", "v1", doc), doc)
    event = Event("e1", "s1", item, date(2024, 3, 1), frozen_map({}), quantity=quantity)
    context = EvaluationContext(date(2024, 1, 1), date(2024, 12, 31), "default", frozen_map({}))
    return engine.evaluate(event, context)


def test_whole_occurrences_by_default_and_fractions_when_the_item_says_so():
    assert [e.points for e in _evaluate("absent", 2).effects] == [-2.0]
    assert [e.points for e in _evaluate("study_hours", 1.5).effects] == [1.5]
    with pytest.raises(InvalidAttributes, match=r"whole number for item 'absent', got 1\.5"):
        _evaluate("absent", 1.5)


def test_quantity_above_the_items_maximum_or_not_positive_is_refused():
    with pytest.raises(InvalidAttributes, match="at most 3 for item 'study_hours'"):
        _evaluate("study_hours", 4)
    with pytest.raises(InvalidAttributes, match="quantity must be above 0"):
        _evaluate("absent", -1_000_000)
