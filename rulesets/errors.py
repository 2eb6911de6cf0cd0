"""Error types. Every problem found in a ruleset carries file, line, JSON path and a hint."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a ruleset, printable as `FILE:LINE: path: message`."""

    path: str
    message: str
    hint: str = ""
    line: int = 0
    file: str = ""

    def format(self) -> str:
        text = f"{self.file or '<ruleset>'}:{self.line}: {self.path or '$'}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


class RulesetError(Exception):
    """Base class for every error `rulesets` raises on purpose."""


class RulesetInvalid(RulesetError):
    """The document failed syntax, schema or semantic validation."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


class FormulaError(RulesetError):
    """A formula cannot be parsed or evaluated; the message quotes the expression."""

    def __init__(self, expression: str, message: str, path: str = ""):
        self.expression = expression
        self.path = path
        super().__init__(f"{path + ': ' if path else ''}formula {expression!r}: {message}")


class EvaluationError(RulesetError):
    """Evaluating an event failed: unknown item, an action raised, or an action was dropped."""


class UnknownItem(EvaluationError):
    """No rule of the ruleset version matches the event's item (durable-rules said so)."""


class ItemNotForCategory(EvaluationError):
    """The item is listed for other categories than the subject's."""


class OutsidePeriods(RulesetError):
    """A date between two terms of a ruleset whose terms do not tile the year."""


class QuotaTieUnresolved(RulesetError):
    """A quota's boundary splits a tie whose policy is the committee's decision.

    `ties` are `QuotaTie`s: who is tied, for how many places. Nothing is scored until the
    committee decides (`score_period(decisions=…)`).
    """

    def __init__(self, ties):
        self.ties = ties
        super().__init__(
            "; ".join(
                f"{len(t.tied)} subjects tie at rank {t.rank} for {t.places} place(s) of "
                f"{t.grade}: the committee decides"
                for t in ties
            )
        )
