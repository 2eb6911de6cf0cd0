import graphene
from graphene_django import DjangoObjectType

from jifen.access.models import User
from jifen.graphql.core import CountableConnection
from jifen.graphql.org.types import RoleAssignmentType
from jifen.org import selectors

LanguageEnum = graphene.Enum(
    "Language",
    [("ZH_HANS", "zh-hans"), ("EN", "en")],
    description="What the platform writes to a user in (notifications): Chinese by default.",
)


class UserType(DjangoObjectType):
    class Meta:
        model = User
        name = "User"
        fields = ("username", "display_name", "is_superuser")

    language = graphene.Field(LanguageEnum, required=True)

    roles = graphene.List(graphene.NonNull(RoleAssignmentType), required=True)
    tenant = graphene.String(required=True)

    def resolve_roles(self, info):
        return selectors.roles_of(self)

    def resolve_tenant(self, info):
        return info.context.tenant.schema_name

    def resolve_language(self, info):
        return self.language or "zh-hans"


class UserNode(DjangoObjectType):
    """A user as their administrators see them."""

    class Meta:
        model = User
        name = "ManagedUser"
        fields = ("username", "display_name", "phone", "is_active", "must_change_password")
        interfaces = (graphene.relay.Node,)
        connection_class = CountableConnection

    roles = graphene.List(graphene.NonNull(RoleAssignmentType), required=True)

    @classmethod
    def get_queryset(cls, queryset, info):
        from jifen.access.selectors import user_list

        return queryset.filter(pk__in=user_list(actor=info.context.user).values("pk"))

    def resolve_roles(self, info):
        return sorted(self.role_assignments.all(), key=lambda a: a.unit.path)
