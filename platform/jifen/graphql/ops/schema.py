import graphene

from jifen.errors import PermissionDenied
from jifen.graphql.ops.mutations.worker_check_request import WorkerCheckRequest
from jifen.graphql.ops.types import WorkerCheckType
from jifen.ops.models import WorkerCheck
from jifen.policy import Action, require_tenant_admin


class OpsQueries(graphene.ObjectType):
    worker_check = graphene.Field(WorkerCheckType, id=graphene.ID(required=True))

    def resolve_worker_check(self, info, id):
        try:
            require_tenant_admin(info.context.user, Action.CHECK_WORKERS)
        except PermissionDenied:
            return None
        return WorkerCheck.objects.filter(pk=id).first()


class OpsMutations(graphene.ObjectType):
    worker_check_request = WorkerCheckRequest.Field()
