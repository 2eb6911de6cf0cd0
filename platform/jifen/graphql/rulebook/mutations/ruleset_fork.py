import graphene

from jifen.graphql.rulebook.types import RulesetMutation, RulesetType
from jifen.rulebook import services


class RulesetFork(RulesetMutation):
    """Start a ruleset of this tenant as a draft copy of a shipped template."""

    class Arguments:
        template = graphene.String(required=True, description="A name from `templates`.")
        code = graphene.String(required=True)
        title = graphene.String()

    ruleset = graphene.Field(RulesetType)

    @classmethod
    def perform(cls, info, template, code, title=None):
        ruleset = services.ruleset_fork(
            actor=info.context.user, template=template, code=code, title=title
        )
        return cls(ruleset=ruleset, errors=[])
