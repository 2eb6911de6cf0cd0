import graphene
from django.utils.translation import get_language

from jifen.graphql.core import DomainMutation
from jifen.graphql.imports.types import ImportJobNode, ImportKindEnum
from jifen.imports import services


class ImportUpload(DomainMutation):
    """Upload a workbook (base64 xlsx) and start its dry run in a worker: poll `importJob`
    for progress and the per-row report; nothing changes until `importApply`."""

    class Arguments:
        kind = ImportKindEnum(required=True)
        file_name = graphene.String(required=True)
        content = graphene.String(required=True, description="The xlsx file, base64-encoded.")

    job = graphene.Field(ImportJobNode)

    @classmethod
    def perform(cls, info, kind, file_name, content):
        job = services.import_upload(
            actor=info.context.user,
            kind=getattr(kind, "value", kind),
            file_name=file_name,
            content_base64=content,
            language=get_language() or "zh-hans",
        )
        return cls(job=job, errors=[])
