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

    token = graphene.String()

    @classmethod
    def perform(cls, info, username, password, name, read_only=False, days=None):
        raw = services.token_create_with_password(
            request=info.context,
            username=username,
            password=password,
            name=name,
            scope=TokenScope.READ if read_only else TokenScope.WRITE,
            days=days,
        )
        return cls(token=raw, errors=[])
