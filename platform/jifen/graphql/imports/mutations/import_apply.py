import graphene

from jifen.graphql.core import DomainMutation, not_found, pk_of
from jifen.graphql.imports.types import ImportJobNode
from jifen.imports import selectors, services


class ImportApply(DomainMutation):
    """Apply a checked workbook without errors, all or nothing, in a worker. Applying the
    same file again changes nothing (its rows are then unchanged)."""

    class Arguments:
        job = graphene.ID(required=True)

    job = graphene.Field(ImportJobNode)

    @classmethod
    def perform(cls, info, job):
        from django.utils.translation import gettext_lazy

        pk = pk_of(job, "ImportJob")
        found = selectors.import_list(actor=info.context.user).filter(pk=pk).first() if pk else None
        if found is None:
            raise not_found("job", gettext_lazy("import"))
        return cls(job=services.import_apply_request(actor=info.context.user, job=found), errors=[])
