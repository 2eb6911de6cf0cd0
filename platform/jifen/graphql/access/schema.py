import graphene
from graphene_django import DjangoConnectionField

from jifen.access.selectors import token_list, user_list
from jifen.graphql.access.mutations.language_set import LanguageSet
from jifen.graphql.access.mutations.light_login import (
    LightCodeSend,
    LightSignIn,
    LightTokenCreate,
    SignInOptions,
    SignInSettingsUpdate,
)
from jifen.graphql.access.mutations.role_grant import RoleGrant, RoleRevoke
from jifen.graphql.access.mutations.sign_in import SignIn, SignOut
from jifen.graphql.access.mutations.token_create import TokenCreate
from jifen.graphql.access.mutations.token_revoke import TokenRevoke
from jifen.graphql.access.mutations.user_admin import (
    PasswordSetWithLink,
    UserDeactivate,
    UserInvite,
    UserPasswordReset,
)
from jifen.graphql.access.types import ApiTokenNode, UserNode, UserType


class AccessQueries(graphene.ObjectType):
    me = graphene.Field(UserType, description="The signed-in user, or null.")
    sign_in_options = graphene.Field(
        SignInOptions, required=True, description="What the sign-in screen offers here."
    )

    users = DjangoConnectionField(
        UserNode,
        search=graphene.String(description="Part of a username, name or phone number."),
        description="Users you administer (tenant and subtree administrators).",
    )

    api_tokens = graphene.List(
        graphene.NonNull(ApiTokenNode),
        required=True,
        username=graphene.String(
            description="Another user's tokens (the tenant's administrators only)."
        ),
        description="Your API tokens, newest first (revoked and expired ones included), or, "
        "for the tenant's administrators, another user's.",
    )

    def resolve_api_tokens(self, info, username=None):
        return token_list(actor=info.context.user, username=username)[:100]

    def resolve_users(self, info, search=None, **kwargs):
        users = user_list(actor=info.context.user, search=search)
        return users.prefetch_related("role_assignments__unit")

    def resolve_sign_in_options(self, info):
        from jifen.access.light_login import sign_in_settings

        return SignInOptions(light_login=sign_in_settings().light_login)

    def resolve_me(self, info):
        user = info.context.user
        return user if user.is_authenticated else None


class AccessMutations(graphene.ObjectType):
    sign_in = SignIn.Field()
    light_sign_in = LightSignIn.Field()
    sign_out = SignOut.Field()
    token_create = TokenCreate.Field()
    light_code_send = LightCodeSend.Field()
    light_token_create = LightTokenCreate.Field()
    sign_in_settings_update = SignInSettingsUpdate.Field()
    token_revoke = TokenRevoke.Field()
    user_invite = UserInvite.Field()
    user_password_reset = UserPasswordReset.Field()
    user_deactivate = UserDeactivate.Field()
    password_set_with_link = PasswordSetWithLink.Field()
    role_grant = RoleGrant.Field()
    role_revoke = RoleRevoke.Field()
    language_set = LanguageSet.Field()
