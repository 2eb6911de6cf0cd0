import graphene

from jifen.access import services
from jifen.access.models import TokenScope
from jifen.graphql.core import DomainMutation


class TokenCreate(DomainMutation):
    """Exchange this tenant's username and password for a bearer token (shown once)."""

    class Arguments:
        username = graphene.String(required=True)
        password = graphene.String(required=True)
        name = graphene.String(default_value="api")
        read_only = graphene.Boolean(
            default_value=False, description="A token that runs queries only, no mutation."
        )
        days = graphene.Int(description="Days until it expires (default and most: 90).")
        new_password = graphene.String(
            description="Your own password, when the one you have was set by an administrator "
            "(the refusal says PASSWORD_CHANGE_REQUIRED)."
        )

    token = graphene.String()

    @classmethod
    def perform(cls, info, username, password, name, read_only=False, days=None, new_password=None):
        raw = services.token_create_with_password(
            request=info.context,
            username=username,
            password=password,
            name=name,
            scope=TokenScope.READ if read_only else TokenScope.WRITE,
            days=days,
            new_password=new_password,
        )
        return cls(token=raw, errors=[])
