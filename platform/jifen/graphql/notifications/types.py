import graphene
from graphene_django import DjangoObjectType

from jifen.graphql.core import CountableConnection
from jifen.graphql.ids import Node
from jifen.notifications.models import Notification


class NotificationNode(DjangoObjectType):
    """A message to you: what happened and a link to the thing it is about."""

    class Meta:
        model = Notification
        name = "Notification"
        fields = ("kind", "title", "body", "link", "created_at", "read_at")
        interfaces = (Node,)
        connection_class = CountableConnection

    read = graphene.Boolean(required=True)

    def resolve_read(self, info):
        return self.read_at is not None

    @classmethod
    def get_queryset(cls, queryset, info):
        user = info.context.user
        if not user.is_authenticated:
            return queryset.none()
        return queryset.filter(recipient=user)
