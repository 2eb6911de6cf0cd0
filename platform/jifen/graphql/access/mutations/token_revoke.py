import graphene

from jifen.access import services
from jifen.graphql import lookups
from jifen.graphql.access.types import ApiTokenNode
from jifen.graphql.core import DomainMutation


class TokenRevoke(DomainMutation):
    """End one of your API tokens; the tenant's administrators may end anyone's. A token
    you may not see is NOT_FOUND."""

    class Arguments:
        id = graphene.ID(required=True, description="The token's id from `apiTokens`.")

    token = graphene.Field(ApiTokenNode)

    @classmethod
    def perform(cls, info, id):
        token = services.token_revoke(actor=info.context.user, token=lookups.api_token(info, id))
        return cls(token=token, errors=[])
