import graphene
from graphene_django import DjangoObjectType

from jifen.access.models import User
from jifen.graphql.org.types import RoleAssignmentType
from jifen.org import selectors


class UserType(DjangoObjectType):
    class Meta:
        model = User
        name = "User"
        fields = ("username", "display_name", "is_superuser")

    roles = graphene.List(graphene.NonNull(RoleAssignmentType), required=True)
    tenant = graphene.String(required=True)

    def resolve_roles(self, info):
        return selectors.roles_of(self)

    def resolve_tenant(self, info):
        return info.context.tenant.schema_name
