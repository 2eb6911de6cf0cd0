"""Administering users: invite, reset a password, deactivate and reactivate."""

import graphene

from jifen.access import services
from jifen.graphql import lookups
from jifen.graphql.access.types import UserNode
from jifen.graphql.core import DomainMutation
from jifen.graphql.enums import RoleEnum


class UserInvite(DomainMutation):
    """Create a user with a first role over a unit. They get an initial password they must
    change, or (`byLink`) a one-time link key; either is returned once, only here."""

    class Arguments:
        username = graphene.String(required=True)
        display_name = graphene.String(required=True)
        phone = graphene.String(default_value="")
        role = RoleEnum(required=True)
        unit = graphene.ID(required=True)
        by_link = graphene.Boolean(default_value=False)

    user = graphene.Field(UserNode)
    initial_password = graphene.String(description="Shown once; the user must change it.")
    link_key = graphene.String(description="Shown once; valid for 7 days, once.")

    @classmethod
    def perform(cls, info, username, display_name, phone, role, unit, by_link):
        invitation = services.user_invite(
            actor=info.context.user,
            username=username,
            display_name=display_name,
            phone=phone,
            role=getattr(role, "value", role),
            unit=lookups.unit(info, unit),
            by_link=by_link,
        )
        return cls(
            user=invitation.user,
            initial_password=invitation.initial_password,
            link_key=invitation.link_key,
            errors=[],
        )


class UserPasswordReset(DomainMutation):
    """Replace a user's password with an initial one (or a link); their tokens stop working."""

    class Arguments:
        username = graphene.String(required=True)
        by_link = graphene.Boolean(default_value=False)

    user = graphene.Field(UserNode)
    initial_password = graphene.String()
    link_key = graphene.String()

    @classmethod
    def perform(cls, info, username, by_link):
        reset = services.user_password_reset(
            actor=info.context.user, user=lookups.user(info, username), by_link=by_link
        )
        return cls(
            user=reset.user,
            initial_password=reset.initial_password,
            link_key=reset.link_key,
            errors=[],
        )


class UserDeactivate(DomainMutation):
    """Stop a user signing in (their past steps keep their name); `active: true` undoes it."""

    class Arguments:
        username = graphene.String(required=True)
        active = graphene.Boolean(default_value=False)

    user = graphene.Field(UserNode)

    @classmethod
    def perform(cls, info, username, active):
        user = services.user_set_active(
            actor=info.context.user, user=lookups.user(info, username), active=active
        )
        return cls(user=user, errors=[])


class PasswordSetWithLink(DomainMutation):
    """Choose one's password with the key of an invitation or reset link (no sign-in)."""

    class Arguments:
        key = graphene.String(required=True)
        password = graphene.String(required=True)

    username = graphene.String()

    @classmethod
    def perform(cls, info, key, password):
        user = services.password_set_with_link(key=key, password=password)
        return cls(username=user.username, errors=[])
