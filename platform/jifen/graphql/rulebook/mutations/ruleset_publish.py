import graphene

from jifen.graphql.core import Error, error_from, forbidden, not_found
from jifen.graphql.rulebook.permissions import DENIED, may_edit_rulesets
from jifen.graphql.rulebook.types import RulesetProblem, RulesetVersionType
from jifen.rulebook import selectors, services
from jifen.rulebook.errors import RulebookError, RulesetProblems


class RulesetPublish(graphene.Mutation):
    """Freeze the open draft; it scores events from `effectiveFrom` on."""

    class Arguments:
        code = graphene.String(required=True)
        effective_from = graphene.Date(required=True)

    version = graphene.Field(RulesetVersionType)
    errors = graphene.List(graphene.NonNull(RulesetProblem), required=True)

    def mutate(self, info, code, effective_from):
        user = info.context.user
        if not may_edit_rulesets(user):
            return RulesetPublish(errors=[RulesetProblem.from_error(forbidden(DENIED))])
        ruleset = selectors.ruleset_list().filter(code=code).first()
        if ruleset is None:
            return RulesetPublish(errors=[RulesetProblem.from_error(not_found("code", "ruleset"))])
        draft = selectors.version_draft(ruleset)
        if draft is None:
            message = f"{code} has no open draft; save one with rulesetDraftSave first."
            return RulesetPublish(
                errors=[
                    RulesetProblem.from_error(Error(field="code", code="invalid", message=message))
                ]
            )
        try:
            version = services.ruleset_publish(
                version=draft, effective_from=effective_from, user=user
            )
        except RulesetProblems as exc:
            return RulesetPublish(errors=[RulesetProblem.from_problem(p) for p in exc.problems])
        except RulebookError as exc:
            return RulesetPublish(
                errors=[RulesetProblem.from_error(error_from(exc, "effectiveFrom"))]
            )
        return RulesetPublish(version=version, errors=[])
