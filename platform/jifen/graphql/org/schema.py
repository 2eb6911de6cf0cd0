import graphene
from graphene_django import DjangoConnectionField

from jifen.graphql import lookups
from jifen.graphql.org.mutations.cross_review import CrossReviewAssign, EvaluationGroupCreate
from jifen.graphql.org.mutations.unit_close import UnitClose, UnitReopen
from jifen.graphql.org.mutations.unit_create import UnitCreate
from jifen.graphql.org.mutations.unit_move import UnitMove
from jifen.graphql.org.mutations.unit_update import UnitUpdate
from jifen.graphql.org.types import EvaluationGroupNode, OrgUnitNode
from jifen.org import selectors


class OrgQueries(graphene.ObjectType):
    org_units = DjangoConnectionField(
        OrgUnitNode,
        under=graphene.ID(description="Only this unit and its subtree."),
        max_depth=graphene.Int(description="Levels below `under` (absolute depth without it)."),
        search=graphene.String(description="Part of a unit's name or code (a picker's search)."),
        description="The organisation tree in tree order, limited to what you may see.",
    )
    org_unit = graphene.Field(OrgUnitNode, id=graphene.ID(required=True))
    evaluation_groups = graphene.List(
        graphene.NonNull(EvaluationGroupNode),
        required=True,
        unit=graphene.ID(required=True),
        description="The evaluation groups of a village (or one area) and what each reviews.",
    )

    def resolve_org_units(self, info, under=None, max_depth=None, search=None, **kwargs):
        root_unit = None
        if under is not None:
            root_unit = lookups.optional(lookups.unit, info, under)
            if root_unit is None:
                return selectors.unit_list(user=info.context.user).none()
        return selectors.unit_list(
            user=info.context.user, root=root_unit, max_depth=max_depth, search=search
        )

    def resolve_org_unit(self, info, id):
        return lookups.optional(lookups.unit, info, id)

    def resolve_evaluation_groups(self, info, unit):
        from jifen.org.models import EvaluationGroup

        found = lookups.optional(lookups.unit, info, unit)
        if found is None:
            return []
        return (
            EvaluationGroup.objects.filter(area__path__startswith=found.path)
            .select_related("area")
            .prefetch_related("members", "reviews__reviewed")
            .order_by("area__path", "name")
        )


class OrgMutations(graphene.ObjectType):
    unit_create = UnitCreate.Field()
    unit_update = UnitUpdate.Field()
    unit_move = UnitMove.Field()
    unit_close = UnitClose.Field()
    unit_reopen = UnitReopen.Field()
    evaluation_group_create = EvaluationGroupCreate.Field()
    cross_review_assign = CrossReviewAssign.Field()
