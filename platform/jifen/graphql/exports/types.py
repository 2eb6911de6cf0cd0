import graphene
from django.urls import reverse
from graphene_django import DjangoObjectType

from jifen.exports.models import ExportJob, ExportStatus, FormKind
from jifen.exports.selectors import export_rows_written
from jifen.graphql.core import CountableConnection
from jifen.graphql.ids import Node


def _enum(choices, name, description):
    return graphene.Enum.from_enum(
        choices,
        name=name,
        description=lambda m: description if m is None else choices(m.value).label,
    )


FormKindEnum = _enum(FormKind, "FormKind", "A paper form of the schemes.")
ExportStatusEnum = _enum(ExportStatus, "ExportStatus", "Where an export stands.")


class ExportJobNode(DjangoObjectType):
    """An xlsx export built by a worker; `downloadUrl` once it is done."""

    class Meta:
        model = ExportJob
        name = "ExportJob"
        fields = ("file_name", "rows", "created_at", "finished_at", "failure")
        interfaces = (Node,)
        connection_class = CountableConnection

    form = graphene.Field(FormKindEnum, required=True)
    status = graphene.Field(ExportStatusEnum, required=True)
    rows_written = graphene.Int(required=True, description="Progress: table rows written so far.")
    download_url = graphene.String(description="Where to fetch the xlsx (same credentials).")

    @classmethod
    def get_queryset(cls, queryset, info):
        user = info.context.user
        if not user.is_authenticated:
            return queryset.none()
        return queryset.filter(created_by=user)

    def resolve_rows_written(self, info):
        return export_rows_written(job=self)

    def resolve_download_url(self, info):
        if self.status != ExportStatus.DONE:
            return None
        return reverse("export_download", kwargs={"pk": self.pk})
