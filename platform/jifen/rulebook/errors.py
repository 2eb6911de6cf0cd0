from jifen.errors import Code, DomainError, FieldProblem, NotConfigured, ValidationFailed


class RulebookError(DomainError):
    """A ruleset operation was refused; the message says why and how to fix it."""


class RulesetProblems(ValidationFailed, RulebookError):
    """The document is invalid; `ruleset_problems` are `rulesets.Problem`s with line and path."""

    def __init__(self, problems):
        self.ruleset_problems = problems
        super().__init__(
            "\n".join(p.format() for p in problems),
            problems=[FieldProblem(p.path, p.message) for p in problems],
        )


class NoRulesetInForce(NotConfigured, RulebookError):
    pass


class RetroactiveNotConfirmed(RulebookError):
    """A version starting before today was published without confirming what it re-evaluates."""

    code = Code.CONFIRMATION_REQUIRED
