import graphene

from jifen.graphql.core import DomainMutation, ErrorCode
from jifen.graphql.ledger.mutations.event_record import event_input
from jifen.graphql.ledger.types import EventInput
from jifen.ledger import services


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


class EventsImport(DomainMutation):
    """Book many recorded facts without review in one transaction (see eventRecord): all
    of them, or none and the failing line. Retrying a half-arrived import is safe: keys
    already recorded count as duplicates."""

    class Arguments:
        events = graphene.List(graphene.NonNull(EventInput), required=True)

    created = graphene.Int()
    duplicates = graphene.Int()
    errors = graphene.List(graphene.NonNull(EventImportError), required=True)

    @classmethod
    def perform(cls, info, events):
        items = [
            event_input(info, data, f"events.{line}.subject") for line, data in enumerate(events)
        ]
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
