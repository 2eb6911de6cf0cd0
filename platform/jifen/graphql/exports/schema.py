import graphene

from jifen.graphql.exports.mutations.export_request import ExportRequest
from jifen.graphql.exports.types import ExportJobNode
from jifen.graphql.ids import Node


class ExportQueries(graphene.ObjectType):
    export_job = Node.Field(ExportJobNode)


class ExportMutations(graphene.ObjectType):
    export_request = ExportRequest.Field()
