import base64

import graphene
from graphene_django import DjangoObjectType

from jifen.errors import PermissionDenied
from jifen.graphql.core import Actor, CountableConnection
from jifen.graphql.ids import Node
from jifen.imports import selectors
from jifen.imports.models import ImportJob, ImportKind, ImportStatus

ImportKindEnum = graphene.Enum.from_enum(
    ImportKind,
    name="ImportKind",
    description=lambda m: "What a workbook holds." if m is None else ImportKind(m.value).label,
)
ImportStatusEnum = graphene.Enum.from_enum(
    ImportStatus,
    name="ImportStatus",
    description=lambda m: "Where an import stands." if m is None else ImportStatus(m.value).label,
)
ImportOutcomeEnum = graphene.Enum(
    "ImportOutcome",
    [
        ("CREATED", "created"),
        ("UPDATED", "updated"),
        ("UNCHANGED", "unchanged"),
        ("ERROR", "error"),
    ],
    description="What a row does (or would do) to the tenant's data.",
)


class ImportRow(graphene.ObjectType):
    """One row of the report: what it does, or where it is wrong and how to fix it."""

    row = graphene.Int(required=True, description="The sheet's row number, as Excel shows it.")
    outcome = graphene.Field(ImportOutcomeEnum, required=True)
    key = graphene.String(required=True, description="Who or what the row is about.")
    cell = graphene.String(description="The cell at fault, e.g. `B17`.")
    message = graphene.String()
    fix = graphene.String()


class ImportCounts(graphene.ObjectType):
    rows = graphene.Int(required=True)
    created = graphene.Int(required=True)
    updated = graphene.Int(required=True)
    unchanged = graphene.Int(required=True)
    error = graphene.Int(required=True)


class ImportProgress(graphene.ObjectType):
    phase = graphene.String(required=True)
    done = graphene.Int(required=True)
    total = graphene.Int(required=True)


class ImportJobNode(DjangoObjectType):
    class Meta:
        model = ImportJob
        name = "ImportJob"
        fields = ("file_name", "content_hash", "created_at", "checked_at", "applied_at", "failure")
        interfaces = (Node,)
        connection_class = CountableConnection

    kind = graphene.Field(ImportKindEnum, required=True)
    status = graphene.Field(ImportStatusEnum, required=True)
    created_by = graphene.Field(Actor)
    counts = graphene.Field(ImportCounts, required=True)
    progress = graphene.Field(ImportProgress, required=True)
    rows = graphene.List(
        graphene.NonNull(ImportRow),
        required=True,
        only_errors=graphene.Boolean(default_value=False),
        first=graphene.Int(default_value=500, description="At most 500 rows per request."),
        offset=graphene.Int(default_value=0),
    )
    report_xlsx = graphene.String(
        description="The report as an xlsx workbook, base64-encoded: the rows with their "
        "outcome, cells in error marked red with what to do."
    )

    @classmethod
    def get_queryset(cls, queryset, info):
        try:
            visible = selectors.import_list(actor=info.context.user)
        except PermissionDenied:
            return queryset.none()
        return queryset.filter(pk__in=visible.values("pk")).select_related("created_by")

    def resolve_created_by(self, info):
        return Actor.of(self.created_by)

    def resolve_counts(self, info):
        counts = {"rows": 0, "created": 0, "updated": 0, "unchanged": 0, "error": 0}
        counts.update(self.counts or {})
        return ImportCounts(**counts)

    def resolve_progress(self, info):
        return ImportProgress(**selectors.import_progress(self))

    def resolve_rows(self, info, only_errors, first, offset):
        rows = [r for r in self.report if not only_errors or r[1] == "error"]
        first = max(0, min(first, 500))
        return [
            ImportRow(row=r[0], outcome=r[1], key=r[2], cell=r[3], message=r[4], fix=r[5])
            for r in rows[offset : offset + first]
        ]

    def resolve_report_xlsx(self, info):
        job = ImportJob.objects.get(pk=self.pk)  # the listing defers the content
        return base64.b64encode(selectors.import_report_workbook(job)).decode()
