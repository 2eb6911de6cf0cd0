import graphene
from graphene_django import DjangoObjectType

from jifen.access.models import ApiToken, TokenScope, User
from jifen.graphql.core import CountableConnection
from jifen.graphql.ids import Node
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
    subject_id = graphene.ID(
        description="The person the user is, if they are one (their own points: `accounts(subject:)`)."
    )
    household_id = graphene.ID(
        description="The household the user is one of the people of (its passbook and shop)."
    )
    child_count = graphene.Int(
        required=True, description="Pupils the user is a parent of (their reports)."
    )

    def resolve_roles(self, info):
        return selectors.roles_of(self)

    def resolve_subject_id(self, info):
        from jifen.subjects.selectors import own_person

        person = own_person(user=self)
        return Node.to_global_id("Subject", person.pk) if person else None

    def resolve_household_id(self, info):
        from jifen.subjects.selectors import own_household

        household = own_household(user=self)
        return Node.to_global_id("Subject", household.pk) if household else None

    def resolve_child_count(self, info):
        from jifen.school.selectors import children_of

        return len(children_of(user=self))

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
        interfaces = (Node,)
        connection_class = CountableConnection

    roles = graphene.List(graphene.NonNull(RoleAssignmentType), required=True)

    @classmethod
    def get_queryset(cls, queryset, info):
        from jifen.access.selectors import user_list

        return queryset.filter(pk__in=user_list(actor=info.context.user).values("pk"))

    def resolve_roles(self, info):
        return sorted(self.role_assignments.all(), key=lambda a: a.unit.path)


class ApiTokenNode(DjangoObjectType):
    """A bearer token as its owner (or the tenant's administrator) lists it: never the
    secret, which is shown once by `tokenCreate` and stored only as a hash."""

    class Meta:
        model = ApiToken
        name = "ApiToken"
        fields = ("name", "user_agent", "created_at", "last_used_at", "expires_at", "revoked_at")
        interfaces = (Node,)

    owner = graphene.String(required=True, description="The username it signs in as.")
    read_only = graphene.Boolean(required=True, description="Runs queries only, no mutation.")
    active = graphene.Boolean(required=True, description="Neither revoked nor expired.")

    @classmethod
    def get_queryset(cls, queryset, info):
        from jifen.access.selectors import token_visible

        return queryset.filter(pk__in=token_visible(actor=info.context.user).values("pk"))

    def resolve_owner(self, info):
        return self.user.username

    def resolve_read_only(self, info):
        return self.scope == TokenScope.READ

    def resolve_active(self, info):
        from django.utils import timezone

        return (
            self.revoked_at is None
            and self.expires_at is not None
            and (self.expires_at > timezone.now())
        )
