"""The tenant GraphQL schema, composed from one Queries/Mutations class per domain."""

import graphene

from jifen.graphql.access.schema import AccessMutations, AccessQueries
from jifen.graphql.ops.schema import OpsMutations, OpsQueries
from jifen.graphql.org.schema import OrgQueries
from jifen.graphql.subjects.schema import SubjectQueries


class Query(AccessQueries, OrgQueries, SubjectQueries, OpsQueries, graphene.ObjectType):
    node = graphene.relay.Node.Field()


class Mutation(AccessMutations, OpsMutations, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
