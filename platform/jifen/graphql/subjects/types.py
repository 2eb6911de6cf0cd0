import graphene
from graphene_django import DjangoObjectType

from jifen.graphql.core import CountableConnection
from jifen.graphql.org.types import OrgUnitNode
from jifen.org.selectors import unit_list
from jifen.subjects import selectors
from jifen.subjects.models import Subject


class SubjectNode(DjangoObjectType):
    class Meta:
        model = Subject
        name = "Subject"
        fields = (
            "kind",
            "name",
            "category",
            "exempt_reason",
            "home_unit",
            "host_unit",
            "joined_on",
            "left_on",
        )
        interfaces = (graphene.relay.Node,)
        connection_class = CountableConnection

    attributes = graphene.JSONString()
    home_unit = graphene.Field(
        OrgUnitNode,
        description="Null when you may not see it: a floating member's home, for the host unit.",
    )

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset.filter(pk__in=selectors.subject_list(user=info.context.user).values("pk"))

    def resolve_home_unit(self, info):
        # Visible unit ids once per request, not one query per subject of a list.
        visible = getattr(info.context, "_jifen_visible_units", None)
        if visible is None:
            visible = set(unit_list(user=info.context.user).values_list("pk", flat=True))
            info.context._jifen_visible_units = visible
        return self.home_unit if self.home_unit_id in visible else None
