import graphene

from jifen.graphql.core import DomainMutation
from jifen.graphql.ops.types import WorkerCheckType
from jifen.ops import services


class WorkerCheckRequest(DomainMutation):
    """Send a task through the queue and record which worker ran it (administrators)."""

    check = graphene.Field(WorkerCheckType)

    @classmethod
    def perform(cls, info):
        return cls(check=services.worker_check_request(actor=info.context.user), errors=[])
