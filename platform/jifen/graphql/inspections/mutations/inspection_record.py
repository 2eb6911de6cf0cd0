import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.inspections.types import ChecklistResult, InspectionType
from jifen.inspections.recording import inspection_record


class ChecklistAnswerInput(graphene.InputObjectType):
    code = graphene.String(required=True, description="An item of the dynamic checklist.")
    result = graphene.Field(ChecklistResult, required=True)


class InspectionRecord(DomainMutation):
    """Record an on-site inspection (every checklist item answered, findings, photos, the
    representative's signature or why it is missing); its score becomes the year's dynamic
    factors and the grade is recomputed."""

    class Arguments:
        key = graphene.String(required=True, description="Idempotency key of this inspection.")
        subject = graphene.ID(required=True)
        inspected_on = graphene.Date(required=True)
        results = graphene.List(graphene.NonNull(ChecklistAnswerInput), required=True)
        findings = graphene.String(default_value="")
        photos = graphene.List(graphene.NonNull(graphene.ID), default_value=[])
        signature = graphene.ID(description="An uploaded image of the signature.")
        signature_refused = graphene.String(
            default_value="", description="Why the representative did not sign."
        )

    inspection = graphene.Field(InspectionType)

    @classmethod
    def perform(cls, info, key, subject, inspected_on, results, findings="", photos=(),
                signature=None, signature_refused=""):  # fmt: skip
        found = lookups.subject(info, subject)
        photo_ids = lookups.evidence_ids(info, photos, field="photos")
        signature_id = None
        if signature:
            [signature_id] = lookups.evidence_ids(info, [signature], field="signature")
        inspection = inspection_record(
            actor=info.context.user, subject=found, key=key, inspected_on=inspected_on,
            results={r.code: getattr(r.result, "value", r.result) for r in results},
            findings=findings, photo_ids=photo_ids, signature_id=signature_id,
            signature_refused=signature_refused,
        )  # fmt: skip
        return cls(inspection=InspectionType.of(inspection), errors=[])
