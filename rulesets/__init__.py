"""Jifen rulesets: the language, validator, durable-rules engine, period-close scoring.

Public API (see README.md, "Contract"):
    compiled(key: VersionKey, document) -> CompiledRuleset   # .evaluate(event, context)
    score_period(document, subjects, entries, period, engine=…) -> list[SubjectResult]
"""

from rulesets.attributes import (
    AttributeSpec,
    InvalidAttributes,
    attribute_problems,
    item_attributes,
)
from rulesets.contracts import (
    Effect,
    Evaluation,
    EvaluationContext,
    Event,
    LedgerEntry,
    Period,
    PreviousResult,
    Subject,
    SubjectResult,
    entries_for,
)
from rulesets.document import check, load_ruleset, load_text, validate
from rulesets.engine import CompiledRuleset, compiled
from rulesets.errors import EvaluationError, FormulaError, Problem, RulesetError, RulesetInvalid
from rulesets.inheritance import effective_document, merge
from rulesets.scoring import score_period, score_period_provisionally
from rulesets.versions import PublishedVersion, VersionKey, content_hash, version_in_force

__all__ = [
    "AttributeSpec",
    "CompiledRuleset",
    "Effect",
    "Evaluation",
    "EvaluationContext",
    "EvaluationError",
    "Event",
    "FormulaError",
    "InvalidAttributes",
    "LedgerEntry",
    "Period",
    "PreviousResult",
    "Problem",
    "PublishedVersion",
    "RulesetError",
    "RulesetInvalid",
    "Subject",
    "SubjectResult",
    "VersionKey",
    "attribute_problems",
    "check",
    "compiled",
    "content_hash",
    "effective_document",
    "entries_for",
    "item_attributes",
    "load_ruleset",
    "load_text",
    "merge",
    "score_period",
    "score_period_provisionally",
    "validate",
    "version_in_force",
]
