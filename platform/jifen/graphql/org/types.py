import graphene
from django.db.models import IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast, Left
from graphene_django import DjangoObjectType

from jifen.graphql.core import CountableConnection
from jifen.graphql.enums import RoleEnum, UnitKindEnum
from jifen.graphql.ids import Node
from jifen.org import selectors
from jifen.org.models import EvaluationGroup, OrgUnit, RoleAssignment
from jifen.org.selectors import unit_list


def _parent_pk():
    """Annotation: the parent unit's id (its path is this path minus one step)."""
    length = Cast((OuterRef("depth") - 1) * OrgUnit.steplen, IntegerField())
    return Subquery(OrgUnit.objects.filter(path=Left(OuterRef("path"), length)).values("pk")[:1])


def _unit_ids_by_path(info) -> dict[str, int]:
    """Every unit's id by path, once per request (a tenant has hundreds, not millions)."""
    found = getattr(info.context, "_jifen_unit_ids", None)
    if found is None:
        found = dict(OrgUnit.objects.values_list("path", "pk"))
        info.context._jifen_unit_ids = found
    return found


class OrgUnitNode(DjangoObjectType):
    class Meta:
        model = OrgUnit
        name = "OrgUnit"
        fields = ("name", "code", "depth", "is_scoring", "closed_at", "closed_reason")
        interfaces = (Node,)
        connection_class = CountableConnection

    kind = graphene.Field(UnitKindEnum, required=True)
    parent_id = graphene.ID(description="Global id of the parent unit, null for a root.")
    child_count = graphene.Int(required=True)

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset.filter(
            pk__in=selectors.unit_list(user=info.context.user).values("pk")
        ).annotate(parent_pk=_parent_pk())

    def resolve_parent_id(self, info):
        if self.depth == 1:
            return None
        parent = getattr(self, "parent_pk", None)
        if parent is None:  # a unit reached through another object: look its parent up
            parent = _unit_ids_by_path(info).get(self.path[: (self.depth - 1) * OrgUnit.steplen])
        return Node.to_global_id("OrgUnit", parent) if parent else None

    def resolve_child_count(self, info):
        return self.numchild


class RoleAssignmentType(DjangoObjectType):
    class Meta:
        model = RoleAssignment
        name = "RoleAssignment"
        fields = ()

    role = graphene.Field(RoleEnum, required=True)
    unit = graphene.Field(OrgUnitNode, required=True)

    def resolve_unit(self, info):
        return self.unit


class EvaluationGroupNode(DjangoObjectType):
    """An evaluation group (评议小组): its own area, its members, the areas it reviews."""

    class Meta:
        model = EvaluationGroup
        name = "EvaluationGroup"
        fields = ("name",)
        interfaces = (Node,)

    area = graphene.Field(OrgUnitNode, required=True)
    members = graphene.List(graphene.NonNull(graphene.String), required=True)
    reviews = graphene.List(
        graphene.NonNull(OrgUnitNode), required=True, description="The areas it reviews."
    )

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset.filter(area__in=unit_list(user=info.context.user))

    def resolve_members(self, info):
        return sorted(u.username for u in self.members.all())

    def resolve_reviews(self, info):
        return [r.reviewed for r in self.reviews.all()]
