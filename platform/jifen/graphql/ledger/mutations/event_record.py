import graphene

from jifen.graphql.core import Error, error_from, not_found, pk_of
from jifen.graphql.ledger.types import EventInput, EventType
from jifen.ledger import services
from jifen.ledger.errors import LedgerError
from jifen.ledger.models import Source
from jifen.procedure.errors import Forbidden
from jifen.procedure.permissions import RECORDERS, require, scoring_unit
from jifen.subjects.models import Subject
from jifen.subjects.selectors import subject_list


def event_input(user, data) -> tuple[services.EventInput, Subject] | None:
    """The service's input for one GraphQL EventInput, or None if the subject is not
    one the user may see."""
    pk = pk_of(data.subject, "Subject")
    subject = subject_list(user=user).filter(pk=pk).first() if pk else None
    if subject is None:
        return None
    return services.EventInput(
        key=data.key,
        subject_id=subject.pk,
        item=data.item,
        occurred_on=data.occurred_on,
        attributes=dict(data.attributes or {}),
        quantity=data.quantity if data.quantity is not None else 1,
    ), subject


class EventRecord(graphene.Mutation):
    """Book one event directly in the ledger (recorders, inspectors, secretaries and
    administrators over the subject's unit). Sending it again with the same key is a no-op."""

    class Arguments:
        input = EventInput(required=True)

    event = graphene.Field(EventType)
    created = graphene.Boolean(description="False when the key had already been recorded.")
    errors = graphene.List(graphene.NonNull(Error), required=True)

    def mutate(self, info, input):
        user = info.context.user
        parsed = event_input(user, input)
        if parsed is None:
            return EventRecord(errors=[not_found("subject", "subject")])
        data, subject = parsed
        try:
            require(user, scoring_unit(subject), RECORDERS, "recording events")
            recorded = services.event_record(data=data, user=user, source=Source.API)
        except (Forbidden, LedgerError) as exc:
            return EventRecord(errors=[error_from(exc)])
        return EventRecord(event=recorded.event, created=recorded.created, errors=[])
