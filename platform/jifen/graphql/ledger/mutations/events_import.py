import re

import graphene

from jifen.graphql.core import Error, error_from, not_found
from jifen.graphql.ledger.mutations.event_record import event_input
from jifen.graphql.ledger.types import EventInput
from jifen.ledger import services
from jifen.ledger.errors import LedgerError
from jifen.ledger.models import Source
from jifen.procedure.errors import Forbidden
from jifen.procedure.permissions import RECORDERS, require, scoring_unit

# events_record_bulk names the failing event as "line N (key …): why".
_LINE = re.compile(r"^line (\d+) ")


class EventImportError(graphene.ObjectType):
    field = graphene.String()
    code = graphene.String(required=True)
    message = graphene.String(required=True)
    line = graphene.Int(description="1-based position of the failing event in `events`.")

    @staticmethod
    def at(line: int | None, error: Error):
        return EventImportError(
            field=error.field, code=error.code, message=error.message, line=line
        )


class EventsImport(graphene.Mutation):
    """Book many events in one transaction: all of them, or none and the failing line.
    Retrying a half-arrived import is safe: keys already recorded count as duplicates."""

    class Arguments:
        events = graphene.List(graphene.NonNull(EventInput), required=True)

    created = graphene.Int()
    duplicates = graphene.Int()
    errors = graphene.List(graphene.NonNull(EventImportError), required=True)

    def mutate(self, info, events):
        user = info.context.user
        items, units = [], {}
        for line, data in enumerate(events, start=1):
            parsed = event_input(user, data)
            if parsed is None:
                return EventsImport(
                    errors=[
                        EventImportError.at(
                            line, not_found(f"events.{line - 1}.subject", "subject")
                        )
                    ]
                )
            items.append(parsed[0])
            unit = scoring_unit(parsed[1])
            units.setdefault(unit.pk, (line, unit))
        for line, unit in units.values():
            try:
                require(user, unit, RECORDERS, "importing events")
            except Forbidden as exc:
                return EventsImport(errors=[EventImportError.at(line, error_from(exc, "events"))])
        try:
            result = services.events_record_bulk(items=items, user=user, source=Source.IMPORT)
        except LedgerError as exc:
            match = _LINE.match(str(exc))
            line = int(match.group(1)) if match else None
            return EventsImport(errors=[EventImportError.at(line, error_from(exc, "events"))])
        return EventsImport(created=result.created, duplicates=result.duplicates, errors=[])
