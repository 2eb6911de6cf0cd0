import graphene
from graphene.types.generic import GenericScalar
from graphene_django import DjangoConnectionField, DjangoObjectType

from jifen.audit import selectors
from jifen.audit.models import AuditRecord
from jifen.errors import PermissionDenied
from jifen.graphql.core import Actor, CountableConnection
from jifen.graphql.ids import Node


class AuditRecordNode(DjangoObjectType):
    """One administrative change: who, what, before, after, when."""

    class Meta:
        model = AuditRecord
        name = "AuditRecord"
        fields = ("at", "action", "target_type", "target_id", "target", "note")
        interfaces = (Node,)
        connection_class = CountableConnection

    actor = graphene.Field(Actor, description="Null for the command line.")
    before = GenericScalar()
    after = GenericScalar()

    @classmethod
    def get_queryset(cls, queryset, info):
        try:
            visible = selectors.audit_list(actor=info.context.user)
        except PermissionDenied:
            return queryset.none()
        return queryset.filter(pk__in=visible.values("pk")).select_related("actor")

    def resolve_actor(self, info):
        return Actor.of(self.actor)


class AuditQueries(graphene.ObjectType):
    audit_log = DjangoConnectionField(
        AuditRecordNode,
        target_type=graphene.String(description="e.g. RulesetVersion, RoleAssignment."),
        action=graphene.String(description="e.g. ruleset.publish, role.grant."),
        description="Administrative changes, newest first (tenant administrators).",
    )

    def resolve_audit_log(self, info, target_type=None, action=None, **kwargs):
        try:
            return selectors.audit_list(
                actor=info.context.user, target_type=target_type, action=action
            )
        except PermissionDenied:
            return AuditRecord.objects.none()
