import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.enums import SubjectKindEnum
from jifen.graphql.org.types import OrgUnitNode
from jifen.graphql.rulebook.types import RulesetType
from jifen.rulebook import services


class RulesetAssign(DomainMutation):
    """Score the subjects of a kind under `unit` with a ruleset from a date (the nearest
    assignment above a subject wins), e.g. a branch overriding the county's template, or
    next year's ruleset assigned now: this year's stays in force until it starts."""

    class Arguments:
        unit = graphene.ID(required=True)
        code = graphene.String(required=True)
        subject_kind = SubjectKindEnum(default_value="person")
        effective_from = graphene.Date(description="From this day (today if omitted).")
        effective_until = graphene.Date(description="Until this day, inclusive (open if omitted).")

    unit = graphene.Field(OrgUnitNode)
    ruleset = graphene.Field(RulesetType)

    @classmethod
    def perform(cls, info, unit, code, subject_kind, effective_from=None, effective_until=None):
        assignment = services.ruleset_assign(
            actor=info.context.user,
            unit=lookups.unit(info, unit),
            ruleset=lookups.ruleset(info, code),
            subject_kind=getattr(subject_kind, "value", subject_kind),
            effective_from=effective_from,
            effective_until=effective_until,
        )
        return cls(unit=assignment.unit, ruleset=assignment.ruleset, errors=[])
