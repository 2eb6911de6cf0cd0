import graphene
from graphene_django import DjangoObjectType

from jifen.ops.models import WorkerCheck


class WorkerCheckType(DjangoObjectType):
    class Meta:
        model = WorkerCheck
        name = "WorkerCheck"
        fields = (
            "id",
            "requested_at",
            "completed_at",
            "worker_host",
            "worker_pid",
            "worker_schema",
        )

    ok = graphene.Boolean(required=True, description="Completed in this tenant's schema.")

    def resolve_ok(self, info):
        return (
            self.completed_at is not None and self.worker_schema == info.context.tenant.schema_name
        )
