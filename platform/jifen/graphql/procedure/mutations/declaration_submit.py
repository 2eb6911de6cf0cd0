import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.procedure.types import DeclarationInput, DeclarationNode
from jifen.procedure import services


class DeclarationSubmit(DomainMutation):
    """Declare an item for yourself (with evidence), report another member of your unit,
    or record one on someone's behalf. The same key with the same content returns the
    first declaration; the same key with other content is a CONFLICT."""

    class Arguments:
        input = DeclarationInput(required=True)

    declaration = graphene.Field(DeclarationNode)

    @classmethod
    def perform(cls, info, input):
        subject = lookups.declarable_subject(info, input.subject)
        data = services.DeclarationInput(
            key=input.key,
            subject_id=subject.pk,
            item=input.item,
            occurred_on=input.occurred_on,
            attributes=dict(input.attributes or {}),
            quantity=input.quantity if input.quantity is not None else 1,
            note=input.note or "",
            place=input.place or "",
            evidence_ids=lookups.evidence_ids(info, input.evidence),
        )
        declaration = services.declaration_submit(actor=info.context.user, data=data)
        return cls(declaration=declaration, errors=[])
