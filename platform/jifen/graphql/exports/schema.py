import graphene

from jifen.graphql.exports.mutations.export_request import ExportRequest
from jifen.graphql.exports.types import ExportJobNode


class ExportQueries(graphene.ObjectType):
    export_job = graphene.relay.Node.Field(ExportJobNode)


class ExportMutations(graphene.ObjectType):
    export_request = ExportRequest.Field()
