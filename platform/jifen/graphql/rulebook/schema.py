import graphene
from django.utils import timezone

from jifen import policy
from jifen.graphql.core import pk_of
from jifen.graphql.ids import Node
from jifen.graphql.rulebook.mutations.ruleset_assign import RulesetAssign
from jifen.graphql.rulebook.mutations.ruleset_draft_save import RulesetDraftSave
from jifen.graphql.rulebook.mutations.ruleset_fork import RulesetFork
from jifen.graphql.rulebook.mutations.ruleset_publish import (
    RulesetPublish,
    RulesetRetroactivePreview,
)
from jifen.graphql.rulebook.types import RulesetItem, RulesetType
from jifen.graphql.rulebook.whatif import RulesetWhatIf, WhatIfNode
from jifen.procedure.selectors import declarable_subjects
from jifen.rulebook import selectors
from jifen.rulebook.errors import RulebookError


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
    ruleset_items = graphene.List(
        graphene.NonNull(RulesetItem),
        required=True,
        subject=graphene.ID(required=True),
        on=graphene.Date(description="The day the item happened; today by default."),
        description=(
            "Items of the ruleset that scores a subject you may declare for, on a day; "
            "empty when no ruleset is in force for it."
        ),
    )

    what_if = Node.Field(WhatIfNode, description="A what-if you asked for.")

    def resolve_rulesets(self, info):
        if not policy.may_read_rules(info.context.user):
            return []
        return selectors.ruleset_list().prefetch_related("versions", "assignments__unit")

    def resolve_ruleset(self, info, code):
        if not policy.may_read_rules(info.context.user):
            return None
        return (
            selectors.ruleset_list()
            .filter(code=code)
            .prefetch_related("versions", "assignments__unit")
            .first()
        )

    def resolve_ruleset_items(self, info, subject, on=None):
        pk = pk_of(subject, "Subject")
        found = declarable_subjects(user=info.context.user).filter(pk=pk).first() if pk else None
        if found is None:
            return []
        try:
            app = selectors.applicable_for(
                found.scoring_unit, found.kind, on or timezone.localdate()
            )
        except RulebookError:
            return []
        return [RulesetItem.from_item(app.document, item) for item in app.document.get("items", [])]

    def resolve_templates(self, info):
        return selectors.template_names() if policy.may_read_rules(info.context.user) else []


class RulebookMutations(graphene.ObjectType):
    ruleset_fork = RulesetFork.Field()
    ruleset_draft_save = RulesetDraftSave.Field()
    ruleset_publish = RulesetPublish.Field()
    ruleset_retroactive_preview = RulesetRetroactivePreview.Field()
    ruleset_assign = RulesetAssign.Field()
    ruleset_what_if = RulesetWhatIf.Field()
