import graphene

from jifen.graphql import lookups
from jifen.graphql.rulebook.types import RulesetMutation, RulesetVersionType
from jifen.rulebook import services


class RulesetPublish(RulesetMutation):
    """Freeze the open draft; it scores events from `effectiveFrom` on."""

    class Arguments:
        code = graphene.String(required=True)
        effective_from = graphene.Date(required=True)

    version = graphene.Field(RulesetVersionType)

    @classmethod
    def perform(cls, info, code, effective_from):
        version = services.ruleset_publish_draft(
            actor=info.context.user,
            ruleset=lookups.ruleset(info, code),
            effective_from=effective_from,
        )
        return cls(version=version, errors=[])
