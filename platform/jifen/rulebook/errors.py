class RulebookError(Exception):
    """A ruleset operation was refused; the message says why and how to fix it."""


class RulesetProblems(RulebookError):
    """The document is invalid; `problems` are `rulesets.Problem`s with line and path."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


class NoRulesetInForce(RulebookError):
    pass
