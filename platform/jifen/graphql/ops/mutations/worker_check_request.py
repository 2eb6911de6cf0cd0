import graphene

from jifen.graphql.core import Error
from jifen.graphql.ops.types import WorkerCheckType
from jifen.ops import services
from jifen.org.models import Role
from jifen.org.selectors import has_role


class WorkerCheckRequest(graphene.Mutation):
    """Send a task through the queue and record which worker ran it (administrators)."""

    check = graphene.Field(WorkerCheckType)
    errors = graphene.List(graphene.NonNull(Error), required=True)

    def mutate(self, info):
        user = info.context.user
        if not has_role(user, Role.ADMIN):
            return WorkerCheckRequest(
                errors=[Error(code="forbidden", message="Only tenant administrators may do this.")]
            )
        return WorkerCheckRequest(check=services.worker_check_request(user=user), errors=[])
