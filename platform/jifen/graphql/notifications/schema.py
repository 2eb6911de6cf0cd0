import graphene
from graphene_django import DjangoConnectionField

from jifen.graphql.notifications.mutations.notifications_mark_read import NotificationsMarkRead
from jifen.graphql.notifications.types import NotificationNode
from jifen.notifications.models import Notification


class NotificationQueries(graphene.ObjectType):
    notifications = DjangoConnectionField(
        NotificationNode,
        unread=graphene.Boolean(description="Only the unread ones."),
        description="Your notifications, newest first.",
    )
    unread_notification_count = graphene.Int(required=True)

    def resolve_notifications(self, info, unread=None, **kwargs):
        user = info.context.user
        if not user.is_authenticated:
            return Notification.objects.none()
        rows = Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")
        return rows.filter(read_at__isnull=True) if unread else rows

    def resolve_unread_notification_count(self, info):
        user = info.context.user
        if not user.is_authenticated:
            return 0
        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


class NotificationMutations(graphene.ObjectType):
    notifications_mark_read = NotificationsMarkRead.Field()
