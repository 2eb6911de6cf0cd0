import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation, not_found, pk_of
from jifen.graphql.inspections.types import GradeAppealType
from jifen.inspections import appeals
from jifen.inspections.models import GradeAppeal


class GradeAppealRaise(DomainMutation):
    """A business contests its current grade within the ruleset's appeal days."""

    class Arguments:
        subject = graphene.ID(required=True)
        reason = graphene.String(required=True)
        requested_grade = graphene.String(default_value="")

    appeal = graphene.Field(GradeAppealType)

    @classmethod
    def perform(cls, info, subject, reason, requested_grade=""):
        found = lookups.subject(info, subject)
        appeal = appeals.grade_appeal_raise(
            actor=info.context.user, subject=found, reason=reason, requested_grade=requested_grade
        )
        return cls(appeal=GradeAppealType.of(appeal), errors=[])


class GradeAppealAnswer(DomainMutation):
    """The station answers an appeal; upheld, the grade becomes `newGrade`."""

    class Arguments:
        appeal = graphene.ID(required=True)
        upheld = graphene.Boolean(required=True)
        answer = graphene.String(required=True)
        new_grade = graphene.String(default_value="")

    appeal = graphene.Field(GradeAppealType)

    @classmethod
    def perform(cls, info, appeal, upheld, answer, new_grade=""):
        from django.utils.translation import gettext_lazy

        pk = pk_of(appeal, "GradeAppeal")
        found = (
            GradeAppeal.objects.select_related("subject", "handled_by", "risk_grade")
            .filter(pk=pk)
            .first()
        )
        # NOT_FOUND unless the caller can see the business (another tenant, another subtree)
        if found is None or lookups.optional(lookups.subject, info, _gid(found.subject_id)) is None:
            raise not_found("appeal", gettext_lazy("appeal"))
        answered = appeals.grade_appeal_answer(
            actor=info.context.user, appeal=found, upheld=upheld, answer=answer, new_grade=new_grade
        )
        return cls(appeal=GradeAppealType.of(answered), errors=[])


def _gid(pk: int) -> str:
    from jifen.graphql.ids import to_global_id

    return to_global_id("Subject", pk)
