import graphene

from jifen.graphql.rulebook.mutations.ruleset_assign import RulesetAssign
from jifen.graphql.rulebook.mutations.ruleset_draft_save import RulesetDraftSave
from jifen.graphql.rulebook.mutations.ruleset_fork import RulesetFork
from jifen.graphql.rulebook.mutations.ruleset_publish import RulesetPublish
from jifen.graphql.rulebook.types import RulesetType
from jifen.org.selectors import scope_for
from jifen.rulebook import selectors, services


def _may_read(user) -> bool:
    # Rules are published to everyone they score: any signed-in user with a role.
    return not scope_for(user).empty


class RulebookQueries(graphene.ObjectType):
    rulesets = graphene.List(
        graphene.NonNull(RulesetType), required=True, description="This tenant's rulesets."
    )
    ruleset = graphene.Field(RulesetType, code=graphene.String(required=True))
    templates = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Shipped templates a ruleset can be forked from.",
    )

    def resolve_rulesets(self, info):
        if not _may_read(info.context.user):
            return []
        return selectors.ruleset_list().prefetch_related("versions")

    def resolve_ruleset(self, info, code):
        if not _may_read(info.context.user):
            return None
        return selectors.ruleset_list().filter(code=code).first()

    def resolve_templates(self, info):
        return services.template_names() if _may_read(info.context.user) else []


class RulebookMutations(graphene.ObjectType):
    ruleset_fork = RulesetFork.Field()
    ruleset_draft_save = RulesetDraftSave.Field()
    ruleset_publish = RulesetPublish.Field()
    ruleset_assign = RulesetAssign.Field()
