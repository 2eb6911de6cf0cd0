import graphene

from jifen.graphql.ops.mutations.worker_check_request import WorkerCheckRequest
from jifen.graphql.ops.types import WorkerCheckType
from jifen.ops.models import WorkerCheck
from jifen.org.models import Role
from jifen.org.selectors import has_role


class OpsQueries(graphene.ObjectType):
    worker_check = graphene.Field(WorkerCheckType, id=graphene.ID(required=True))

    def resolve_worker_check(self, info, id):
        if not has_role(info.context.user, Role.ADMIN):
            return None
        return WorkerCheck.objects.filter(pk=id).first()


class OpsMutations(graphene.ObjectType):
    worker_check_request = WorkerCheckRequest.Field()
