import graphene
from django.conf import settings

from jifen.graphql.core import DomainMutation, ErrorCode
from jifen.graphql.enums import ImportJobStatusEnum
from jifen.graphql.ids import to_global_id
from jifen.graphql.ledger.types import EventInput
from jifen.graphql.lookups import subject_ids
from jifen.ledger import services
from jifen.ledger.models import ImportJob


class EventImportError(graphene.ObjectType):
    field = graphene.String(description="e.g. `events.3.attributes.level`.")
    code = graphene.Field(ErrorCode, required=True)
    message = graphene.String(required=True)
    line = graphene.Int(description="1-based position of the failing event in `events`.")


def _line(field: str | None) -> int | None:
    parts = (field or "").split(".")
    if len(parts) > 1 and parts[0] == "events" and parts[1].isdigit():
        return int(parts[1]) + 1
    return None


class ImportJobType(graphene.ObjectType):
    """A large import booked by a worker; poll it with eventsImportJob until DONE (the
    counts) or FAILED (the refusals, nothing booked)."""

    class Meta:
        name = "EventsImportJob"

    id = graphene.ID(required=True)
    status = graphene.Field(ImportJobStatusEnum, required=True)
    total = graphene.Int(required=True, description="Events in the request.")
    phase = graphene.String(description="While running: checked, evaluated or written.")
    done = graphene.Int(required=True, description="Events of the current phase done so far.")
    created = graphene.Int()
    duplicates = graphene.Int()
    errors = graphene.List(graphene.NonNull(EventImportError), required=True)
    created_at = graphene.DateTime(required=True)
    finished_at = graphene.DateTime()

    @staticmethod
    def of(job: ImportJob) -> "ImportJobType":
        progress = (
            services.import_job_progress(job=job)
            if job.status == ImportJob.Status.RUNNING
            else {"phase": None, "done": job.total if job.status == "done" else 0}
        )
        return ImportJobType(
            id=to_global_id("EventsImportJob", job.pk),
            status=job.status,
            total=job.total,
            phase=progress.get("phase"),
            done=progress.get("done", 0),
            created=job.created,
            duplicates=job.duplicates,
            errors=[
                EventImportError(
                    field=e["field"], code=e["code"], message=e["message"], line=_line(e["field"])
                )
                for e in job.errors
            ],
            created_at=job.created_at,
            finished_at=job.finished_at,
        )


class EventsImport(DomainMutation):
    """Book many recorded facts without review in one transaction (see eventRecord): all
    of them, or none and the failing line. Retrying a half-arrived import is safe: keys
    already recorded count as duplicates. More than JIFEN_IMPORT_JOB_THRESHOLD events
    (1,000 by default) are booked by a worker: the answer is then `job` (poll it with
    eventsImportJob), refusals that need no booking (a subject you may not book) come at
    once."""

    class Arguments:
        events = graphene.List(graphene.NonNull(EventInput), required=True)

    created = graphene.Int()
    duplicates = graphene.Int()
    job = graphene.Field(ImportJobType, description="Set when a worker books the import.")
    errors = graphene.List(graphene.NonNull(EventImportError), required=True)

    @classmethod
    def perform(cls, info, events):
        pks = subject_ids(info, [e.subject for e in events], lambda i: f"events.{i}.subject")
        items = [
            services.EventInput(
                key=data.key,
                subject_id=pk,
                item=data.item,
                occurred_on=data.occurred_on,
                attributes=dict(data.attributes or {}),
                quantity=data.quantity if data.quantity is not None else 1,
            )
            for data, pk in zip(events, pks, strict=True)
        ]
        if len(items) > settings.JIFEN_IMPORT_JOB_THRESHOLD:
            job = services.events_import_start(actor=info.context.user, items=items)
            return cls(job=ImportJobType.of(job), errors=[])
        result = services.events_import(actor=info.context.user, items=items)
        return cls(created=result.created, duplicates=result.duplicates, errors=[])

    @classmethod
    def refused(cls, exc):
        problems = exc.problems or [exc]
        return cls(
            errors=[
                EventImportError(
                    field=p.field, code=exc.code, message=p.message, line=_line(p.field)
                )
                for p in problems
            ]
        )
