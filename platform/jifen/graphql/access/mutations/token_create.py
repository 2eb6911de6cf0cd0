import graphene

from jifen.access import services
from jifen.access.errors import AuthenticationFailed
from jifen.graphql.core import Error


class TokenCreate(graphene.Mutation):
    """Exchange this tenant's username and password for a bearer token (shown once)."""

    class Arguments:
        username = graphene.String(required=True)
        password = graphene.String(required=True)
        name = graphene.String(default_value="api")

    token = graphene.String()
    errors = graphene.List(graphene.NonNull(Error), required=True)

    def mutate(self, info, username, password, name):
        try:
            raw = services.token_create_with_password(
                username=username, password=password, name=name
            )
        except AuthenticationFailed as exc:
            return TokenCreate(
                token=None, errors=[Error(code="invalid_credentials", message=str(exc))]
            )
        return TokenCreate(token=raw, errors=[])
