import graphene

from jifen.graphql.core import DOMAIN_ERRORS, Error, error_from, not_found, pk_of
from jifen.graphql.procedure.types import DeclarationInput, DeclarationNode
from jifen.procedure import services
from jifen.procedure.selectors import declarable_subjects


class DeclarationSubmit(graphene.Mutation):
    """Declare an item for yourself (with evidence), report another member of your unit,
    or record one on someone's behalf. The same key again returns the first declaration."""

    class Arguments:
        input = DeclarationInput(required=True)

    declaration = graphene.Field(DeclarationNode)
    errors = graphene.List(graphene.NonNull(Error), required=True)

    def mutate(self, info, input):
        user = info.context.user
        pk = pk_of(input.subject, "Subject")
        subject = declarable_subjects(user=user).filter(pk=pk).first() if pk else None
        if subject is None:
            return DeclarationSubmit(errors=[not_found("subject", "subject")])
        evidence_ids = []
        for index, global_id in enumerate(input.evidence or []):
            evidence_pk = pk_of(global_id, "Evidence")
            if evidence_pk is None:
                return DeclarationSubmit(errors=[not_found(f"evidence.{index}", "evidence")])
            evidence_ids.append(evidence_pk)
        data = services.DeclarationInput(
            key=input.key,
            subject_id=subject.pk,
            item=input.item,
            occurred_on=input.occurred_on,
            attributes=dict(input.attributes or {}),
            quantity=input.quantity if input.quantity is not None else 1,
            note=input.note or "",
            place=input.place or "",
            evidence_ids=evidence_ids,
        )
        try:
            declaration = services.declaration_submit(user=user, data=data)
        except DOMAIN_ERRORS as exc:
            return DeclarationSubmit(errors=[error_from(exc)])
        return DeclarationSubmit(declaration=declaration, errors=[])
