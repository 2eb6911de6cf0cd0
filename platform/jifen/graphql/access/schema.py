import graphene

from jifen.graphql.access.mutations.token_create import TokenCreate
from jifen.graphql.access.types import UserType


class AccessQueries(graphene.ObjectType):
    me = graphene.Field(UserType, description="The signed-in user, or null.")

    def resolve_me(self, info):
        user = info.context.user
        return user if user.is_authenticated else None


class AccessMutations(graphene.ObjectType):
    token_create = TokenCreate.Field()
