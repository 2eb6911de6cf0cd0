"""The web app's sign-in: a session cookie (HttpOnly, SameSite=Lax, Secure in production),
never a token. Other GraphQL clients keep `tokenCreate` and the bearer header."""

import graphene

from jifen.access import services
from jifen.graphql.access.types import UserType
from jifen.graphql.core import DomainMutation


class SignIn(DomainMutation):
    """Sign this browser in with this tenant's username and password: the answer sets the
    session cookie and a new `csrftoken` cookie, whose value every later request sends in
    `X-CSRFToken`. Failures count towards the lockout like `tokenCreate`'s."""

    class Arguments:
        username = graphene.String(required=True)
        password = graphene.String(required=True)
        new_password = graphene.String(
            description="Your own password, when the one you have was set by an administrator "
            "(the refusal says PASSWORD_CHANGE_REQUIRED)."
        )

    user = graphene.Field(UserType, description="Who is signed in now.")

    @classmethod
    def perform(cls, info, username, password, new_password=None):
        user = services.user_sign_in(
            request=info.context, username=username, password=password, new_password=new_password
        )
        return cls(user=user, errors=[])


class SignOut(DomainMutation):
    """End this browser's session (signed out already: nothing to do). A bearer token is
    not ended by this; `tokenRevoke` ends it."""

    signed_out = graphene.Boolean(required=True)

    @classmethod
    def perform(cls, info):
        services.user_sign_out(request=info.context)
        return cls(signed_out=True, errors=[])
