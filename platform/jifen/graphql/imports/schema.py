import base64

import graphene
from graphene_django import DjangoConnectionField

from jifen.errors import PermissionDenied
from jifen.graphql.ids import Node
from jifen.graphql.imports.mutations.import_apply import ImportApply
from jifen.graphql.imports.mutations.import_upload import ImportUpload
from jifen.graphql.imports.types import ImportJobNode, ImportKindEnum
from jifen.imports import selectors
from jifen.imports.sheets import template_workbook


class ImportQueries(graphene.ObjectType):
    import_jobs = DjangoConnectionField(
        ImportJobNode, description="Uploaded workbooks, newest first (tenant administrators)."
    )
    import_job = Node.Field(ImportJobNode)
    import_template = graphene.String(
        kind=ImportKindEnum(required=True),
        required=True,
        description="The xlsx template of a kind, base64-encoded: a Chinese header row, an "
        "example row and a notes sheet.",
    )

    def resolve_import_jobs(self, info, **kwargs):
        try:
            return selectors.import_list(actor=info.context.user)
        except PermissionDenied:
            return selectors.ImportJob.objects.none()

    def resolve_import_template(self, info, kind):
        return base64.b64encode(template_workbook(getattr(kind, "value", kind))).decode()


class ImportMutations(graphene.ObjectType):
    import_upload = ImportUpload.Field()
    import_apply = ImportApply.Field()
