import graphene

from jifen.graphql import lookups
from jifen.graphql.rulebook.types import RulesetMutation, RulesetVersionType
from jifen.rulebook import services


class RulesetDraftSave(RulesetMutation):
    """Replace the open draft's text (or open a new draft); invalid text saves nothing and
    returns one error per problem, located by line and path."""

    class Arguments:
        code = graphene.String(required=True)
        text = graphene.String(required=True)

    version = graphene.Field(RulesetVersionType)

    @classmethod
    def perform(cls, info, code, text):
        version = services.ruleset_draft_save(
            actor=info.context.user, ruleset=lookups.ruleset(info, code), text=text
        )
        return cls(version=version, errors=[])
