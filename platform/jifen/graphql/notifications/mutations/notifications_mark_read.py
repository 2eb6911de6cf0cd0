import graphene

from jifen.graphql.core import DomainMutation, decode_id
from jifen.notifications import services


class NotificationsMarkRead(DomainMutation):
    """Mark your notifications read: the ones named, or all unread ones."""

    class Arguments:
        ids = graphene.List(graphene.NonNull(graphene.ID), description="Omit for all unread.")

    marked = graphene.Int(required=True)
    unread_count = graphene.Int(required=True)

    @classmethod
    def perform(cls, info, ids=None):
        user = info.context.user
        if not user.is_authenticated:
            return cls(marked=0, unread_count=0, errors=[])
        pks = None if ids is None else [decode_id(i, "Notification") for i in ids]
        marked = services.notification_mark_read(user=user, ids=pks)
        unread = user.notifications.filter(read_at__isnull=True).count()
        return cls(marked=marked, unread_count=unread, errors=[])
