import graphene

from jifen.graphql.core import error_from, forbidden
from jifen.graphql.rulebook.permissions import DENIED, may_edit_rulesets
from jifen.graphql.rulebook.types import RulesetProblem, RulesetType
from jifen.rulebook import services
from jifen.rulebook.errors import RulebookError, RulesetProblems


class RulesetFork(graphene.Mutation):
    """Start a ruleset of this tenant as a draft copy of a shipped template."""

    class Arguments:
        template = graphene.String(required=True, description="A name from `templates`.")
        code = graphene.String(required=True)
        title = graphene.String()

    ruleset = graphene.Field(RulesetType)
    errors = graphene.List(graphene.NonNull(RulesetProblem), required=True)

    def mutate(self, info, template, code, title=None):
        user = info.context.user
        if not may_edit_rulesets(user):
            return RulesetFork(errors=[RulesetProblem.from_error(forbidden(DENIED))])
        try:
            ruleset = services.ruleset_fork(template=template, code=code, title=title, user=user)
        except RulesetProblems as exc:
            return RulesetFork(errors=[RulesetProblem.from_problem(p) for p in exc.problems])
        except RulebookError as exc:
            return RulesetFork(errors=[RulesetProblem.from_error(error_from(exc, "code"))])
        return RulesetFork(ruleset=ruleset, errors=[])
