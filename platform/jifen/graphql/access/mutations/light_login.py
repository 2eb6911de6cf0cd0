"""The light login of members (name, last four of the ID card, a code or a password) and
the tenant's switch for it."""

import graphene

from jifen.access import light_login as light
from jifen.access.models import LightLogin, TokenScope
from jifen.graphql.access.types import UserType
from jifen.graphql.core import DomainMutation
from jifen.graphql.enums import _enum

LightLoginEnum = _enum(LightLogin, "LightLoginMode", "How members sign in without a username.")


class SignInOptions(graphene.ObjectType):
    """What the sign-in screen offers in this tenant (readable before signing in)."""

    light_login = graphene.Field(LightLoginEnum, required=True)
    demo_logins = graphene.List(
        graphene.NonNull(lambda: DemoLoginOption),
        required=True,
        description="One login per role while the demo runs (`jifen demo`); empty otherwise.",
    )

    def resolve_demo_logins(self, info):
        from django.conf import settings

        if not settings.DEMO:
            return []
        from jifen.demo.logins import demo_logins

        return demo_logins()


class DemoLoginOption(graphene.ObjectType):
    """A demo user to try a role with (the demo's printed password)."""

    class Meta:
        name = "DemoLogin"

    username = graphene.String(required=True)
    role = graphene.String(
        required=True, description="A role's value (e.g. secretary) or a family's word."
    )
    unit = graphene.String(required=True)


class LightCodeSend(DomainMutation):
    """Send a one-time sign-in code to the member with this name and these last four
    characters of the ID card (tenants whose light login is `CODE`)."""

    class Arguments:
        person_name = graphene.String(required=True, description="As on the ID card.")
        id_card_last4 = graphene.String(required=True, description="The last four characters.")

    sent_to = graphene.String(description="Where it went, masked: 138****5678.")
    expires_at = graphene.DateTime()

    @classmethod
    def perform(cls, info, person_name, id_card_last4):
        sent = light.light_code_send(request=info.context, name=person_name, last4=id_card_last4)
        return cls(sent_to=sent.sent_to, expires_at=sent.expires_at, errors=[])


class LightTokenCreate(DomainMutation):
    """Exchange a member's name, the last four of their ID card and a one-time code (or
    their password, where the tenant uses passwords) for a bearer token (shown once)."""

    class Arguments:
        person_name = graphene.String(required=True)
        id_card_last4 = graphene.String(required=True)
        code = graphene.String(description="The code `lightCodeSend` sent.")
        password = graphene.String(description="The member's password.")
        name = graphene.String(default_value="web", description="The token's name.")
        read_only = graphene.Boolean(default_value=False)
        days = graphene.Int()
        new_password = graphene.String(
            description="Your own password, when an administrator set the one you have."
        )

    token = graphene.String()

    @classmethod
    def perform(cls, info, person_name, id_card_last4, name="web", read_only=False, **rest):
        raw = light.light_token_create(
            request=info.context,
            name=person_name,
            last4=id_card_last4,
            code=rest.get("code"),
            password=rest.get("password"),
            token_name=name,
            scope=TokenScope.READ if read_only else TokenScope.WRITE,
            days=rest.get("days"),
            new_password=rest.get("new_password"),
        )
        return cls(token=raw, errors=[])


class LightSignIn(DomainMutation):
    """Sign a member's browser in with their name, the last four of their ID card and a
    one-time code (or their password, where the tenant uses passwords): a session cookie
    like `signIn`'s, no token."""

    class Arguments:
        person_name = graphene.String(required=True)
        id_card_last4 = graphene.String(required=True)
        code = graphene.String(description="The code `lightCodeSend` sent.")
        password = graphene.String(description="The member's password.")
        new_password = graphene.String(
            description="Your own password, when an administrator set the one you have."
        )

    user = graphene.Field(UserType, description="Who is signed in now.")

    @classmethod
    def perform(cls, info, person_name, id_card_last4, **rest):
        user = light.light_sign_in(
            request=info.context,
            name=person_name,
            last4=id_card_last4,
            code=rest.get("code"),
            password=rest.get("password"),
            new_password=rest.get("new_password"),
        )
        return cls(user=user, errors=[])


class SignInSettingsUpdate(DomainMutation):
    """Turn the members' light login off, or on with codes or passwords (tenant
    administrators; audited)."""

    class Arguments:
        light_login = LightLoginEnum(required=True)

    options = graphene.Field(SignInOptions)

    @classmethod
    def perform(cls, info, light_login):
        found = light.sign_in_settings_set(
            actor=info.context.user, light_login=getattr(light_login, "value", light_login)
        )
        return cls(options=SignInOptions(light_login=found.light_login), errors=[])
