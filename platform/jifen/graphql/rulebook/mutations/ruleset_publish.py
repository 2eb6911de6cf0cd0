import graphene

from jifen.graphql import lookups
from jifen.graphql.core import pk_of
from jifen.graphql.ids import Node
from jifen.graphql.rulebook.types import Reevaluation, RulesetMutation, RulesetVersionType
from jifen.procedure import services as procedure
from jifen.rulebook import services


class RulesetPublish(RulesetMutation):
    """Freeze the open draft; it scores events from `effectiveFrom` on.

    A later version starting before today re-evaluates the open period's entries from that
    day: get their list with rulesetRetroactivePreview, then publish with `retroactive:
    true` and exactly those entries in `confirmedEntries`.
    """

    class Arguments:
        code = graphene.String(required=True)
        effective_from = graphene.Date(required=True)
        retroactive = graphene.Boolean(
            default_value=False, description="Starts before today: re-evaluate the entries."
        )
        confirmed_entries = graphene.List(
            graphene.NonNull(graphene.ID),
            description="The entry ids rulesetRetroactivePreview listed, when retroactive.",
        )

    version = graphene.Field(RulesetVersionType)
    reevaluated = graphene.List(graphene.NonNull(Reevaluation), required=True)

    @classmethod
    def perform(cls, info, code, effective_from, retroactive, confirmed_entries=None):
        ruleset = lookups.ruleset(info, code)
        if not retroactive:
            version = services.ruleset_publish_draft(
                actor=info.context.user, ruleset=ruleset, effective_from=effective_from
            )
            return cls(version=version, reevaluated=[], errors=[])
        plan = procedure.ruleset_publish_retroactive(
            actor=info.context.user,
            version=services.open_draft(ruleset),
            effective_from=effective_from,
            confirmed_entries=[pk_of(i, "Entry") or 0 for i in confirmed_entries or []],
        )
        return cls(
            version=plan.version, reevaluated=[Reevaluation.of(c) for c in plan.changes], errors=[]
        )

    @classmethod
    def refused(cls, exc):
        refused = super().refused(exc)
        refused.reevaluated = []
        return refused


class RulesetRetroactivePreview(RulesetMutation):
    """What publishing the open draft from a past `effectiveFrom` would re-evaluate: each
    booked fact with its points now and after. Nothing is kept (a rehearsal)."""

    class Arguments:
        code = graphene.String(required=True)
        effective_from = graphene.Date(required=True)

    reevaluated = graphene.List(graphene.NonNull(Reevaluation), required=True)
    confirmed_entries = graphene.List(
        graphene.NonNull(graphene.ID),
        required=True,
        description="Pass these to rulesetPublish to confirm the list.",
    )

    @classmethod
    def perform(cls, info, code, effective_from):
        plan = procedure.retroactive_preview(
            actor=info.context.user,
            version=services.open_draft(lookups.ruleset(info, code)),
            effective_from=effective_from,
        )
        return cls(
            reevaluated=[Reevaluation.of(c) for c in plan.changes],
            confirmed_entries=[Node.to_global_id("Entry", i) for i in sorted(plan.entry_ids)],
            errors=[],
        )

    @classmethod
    def refused(cls, exc):
        refused = super().refused(exc)
        refused.reevaluated, refused.confirmed_entries = [], []
        return refused
