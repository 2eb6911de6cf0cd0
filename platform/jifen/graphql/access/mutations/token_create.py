import graphene

from jifen.access import services
from jifen.graphql.core import DomainMutation


class TokenCreate(DomainMutation):
    """Exchange this tenant's username and password for a bearer token (shown once)."""

    class Arguments:
        username = graphene.String(required=True)
        password = graphene.String(required=True)
        name = graphene.String(default_value="api")

    token = graphene.String()

    @classmethod
    def perform(cls, info, username, password, name):
        raw = services.token_create_with_password(username=username, password=password, name=name)
        return cls(token=raw, errors=[])
