import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.inspections.types import LicenceAssessmentType
from jifen.inspections.recording import licence_assess


class FactorValueInput(graphene.InputObjectType):
    code = graphene.String(required=True, description="A row of the static factor table.")
    value = graphene.Float(required=True, description="The licence file's area or count.")


class LicenceAssess(DomainMutation):
    """Score a business's licence file on the static factor table, item by item, and book
    the total as the year's static factors (an earlier assessment is reversed)."""

    class Arguments:
        key = graphene.String(required=True, description="Idempotency key of this assessment.")
        subject = graphene.ID(required=True)
        assessed_on = graphene.Date(required=True)
        business_type = graphene.String(default_value="")
        values = graphene.List(graphene.NonNull(FactorValueInput), required=True)

    assessment = graphene.Field(LicenceAssessmentType)

    @classmethod
    def perform(cls, info, key, subject, assessed_on, values, business_type=""):
        found = lookups.subject(info, subject)
        assessment = licence_assess(
            actor=info.context.user, subject=found, key=key, assessed_on=assessed_on,
            values={v.code: v.value for v in values}, business_type=business_type,
        )  # fmt: skip
        return cls(assessment=LicenceAssessmentType.of(assessment), errors=[])
