import graphene

from jifen.graphql.core import error_from, forbidden, not_found
from jifen.graphql.rulebook.permissions import DENIED, may_edit_rulesets
from jifen.graphql.rulebook.types import RulesetProblem, RulesetVersionType
from jifen.rulebook import selectors, services
from jifen.rulebook.errors import RulebookError, RulesetProblems


class RulesetDraftSave(graphene.Mutation):
    """Replace the open draft's text (or open a new draft); invalid text saves nothing and
    returns one error per problem, located by line and path."""

    class Arguments:
        code = graphene.String(required=True)
        text = graphene.String(required=True)

    version = graphene.Field(RulesetVersionType)
    errors = graphene.List(graphene.NonNull(RulesetProblem), required=True)

    def mutate(self, info, code, text):
        user = info.context.user
        if not may_edit_rulesets(user):
            return RulesetDraftSave(errors=[RulesetProblem.from_error(forbidden(DENIED))])
        ruleset = selectors.ruleset_list().filter(code=code).first()
        if ruleset is None:
            return RulesetDraftSave(
                errors=[RulesetProblem.from_error(not_found("code", "ruleset"))]
            )
        try:
            version = services.ruleset_draft_save(ruleset=ruleset, text=text, user=user)
        except RulesetProblems as exc:
            return RulesetDraftSave(errors=[RulesetProblem.from_problem(p) for p in exc.problems])
        except RulebookError as exc:
            return RulesetDraftSave(errors=[RulesetProblem.from_error(error_from(exc, "text"))])
        return RulesetDraftSave(version=version, errors=[])
