"""Jifen rulesets: the language, validator, durable-rules engine, period-close scoring.

Public API (see README.md, "Contract"):
    compiled(version_key, document) -> CompiledRuleset   # .evaluate(event, context)
    score_period(document, subjects, entries, period) -> list[SubjectResult]
"""

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
from rulesets.scoring import score_period
from rulesets.versions import PublishedVersion, content_hash, version_in_force, version_key

__all__ = [
    "CompiledRuleset",
    "Effect",
    "Evaluation",
    "EvaluationContext",
    "EvaluationError",
    "Event",
    "FormulaError",
    "LedgerEntry",
    "Period",
    "PreviousResult",
    "Problem",
    "PublishedVersion",
    "RulesetError",
    "RulesetInvalid",
    "Subject",
    "SubjectResult",
    "check",
    "compiled",
    "content_hash",
    "effective_document",
    "entries_for",
    "load_ruleset",
    "load_text",
    "merge",
    "score_period",
    "validate",
    "version_in_force",
    "version_key",
]
