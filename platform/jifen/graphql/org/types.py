import graphene
from graphene_django import DjangoObjectType

from jifen.graphql.core import CountableConnection
from jifen.org import selectors
from jifen.org.models import OrgUnit, RoleAssignment


class OrgUnitNode(DjangoObjectType):
    class Meta:
        model = OrgUnit
        name = "OrgUnit"
        fields = ("name", "kind", "code", "depth")
        interfaces = (graphene.relay.Node,)
        connection_class = CountableConnection

    parent_id = graphene.ID(description="Global id of the parent unit, null for a root.")
    child_count = graphene.Int(required=True)

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset.filter(pk__in=selectors.unit_list(user=info.context.user).values("pk"))

    def resolve_parent_id(self, info):
        if self.depth == 1:
            return None
        parent_path = self.path[: (self.depth - 1) * OrgUnit.steplen]
        parent = OrgUnit.objects.filter(path=parent_path).values_list("pk", flat=True).first()
        return graphene.relay.Node.to_global_id("OrgUnit", parent) if parent else None

    def resolve_child_count(self, info):
        return self.numchild


class RoleAssignmentType(DjangoObjectType):
    class Meta:
        model = RoleAssignment
        name = "RoleAssignment"
        fields = ("role", "unit")
