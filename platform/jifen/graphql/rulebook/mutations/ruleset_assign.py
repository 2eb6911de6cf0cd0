import graphene

from jifen.graphql.core import Error, forbidden, not_found
from jifen.graphql.org.schema import visible_unit
from jifen.graphql.org.types import OrgUnitNode
from jifen.graphql.rulebook.permissions import may_assign_rulesets
from jifen.graphql.rulebook.types import RulesetType
from jifen.rulebook import selectors, services


class RulesetAssign(graphene.Mutation):
    """Score the subjects of a kind under `unit` with a ruleset (the nearest assignment
    above a subject wins), e.g. a branch overriding the county's template."""

    class Arguments:
        unit = graphene.ID(required=True)
        code = graphene.String(required=True)
        subject_kind = graphene.String(default_value="person")

    unit = graphene.Field(OrgUnitNode)
    ruleset = graphene.Field(RulesetType)
    errors = graphene.List(graphene.NonNull(Error), required=True)

    def mutate(self, info, unit, code, subject_kind):
        user = info.context.user
        unit_obj = visible_unit(info, unit) if unit else None
        if unit_obj is None:
            return RulesetAssign(errors=[not_found("unit", "unit")])
        if not may_assign_rulesets(user, unit_obj):
            return RulesetAssign(
                errors=[forbidden("Assigning rulesets needs an administrator or a superior.")]
            )
        ruleset = selectors.ruleset_list().filter(code=code).first()
        if ruleset is None:
            return RulesetAssign(errors=[not_found("code", "ruleset")])
        services.ruleset_assign(unit=unit_obj, ruleset=ruleset, subject_kind=subject_kind)
        return RulesetAssign(unit=unit_obj, ruleset=ruleset, errors=[])
