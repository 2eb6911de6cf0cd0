import graphene
from graphene_django import DjangoObjectType

from jifen.graphql.core import CountableConnection
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

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset.filter(pk__in=selectors.subject_list(user=info.context.user).values("pk"))
