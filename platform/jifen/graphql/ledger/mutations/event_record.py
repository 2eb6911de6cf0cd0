import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.ledger.types import EventInput, EventType
from jifen.ledger import services


def event_input(info, data, field: str = "input.subject") -> services.EventInput:
    """The service's input for one GraphQL EventInput (NOT_FOUND for a subject the caller
    may not see)."""
    subject = lookups.subject(info, data.subject, field)
    return services.EventInput(
        key=data.key,
        subject_id=subject.pk,
        item=data.item,
        occurred_on=data.occurred_on,
        attributes=dict(data.attributes or {}),
        quantity=data.quantity if data.quantity is not None else 1,
    )


class EventRecord(DomainMutation):
    """Book one recorded fact directly, without review or publicity (recorders, grid
    workers, inspectors, secretaries and administrators over the subject's unit); it
    counts at once and the event says it was booked directly. A member's own claim goes
    through declarationSubmit. Sending it again with the same key is a no-op."""

    class Arguments:
        input = EventInput(required=True)

    event = graphene.Field(EventType)
    created = graphene.Boolean(description="False when the key had already been recorded.")

    @classmethod
    def perform(cls, info, input):
        recorded = services.event_book(actor=info.context.user, data=event_input(info, input))
        return cls(event=recorded.event, created=recorded.created, errors=[])
