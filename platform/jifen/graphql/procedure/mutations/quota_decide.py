import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation, not_found, pk_of
from jifen.graphql.procedure.types import PeriodCloseNode
from jifen.procedure import services
from jifen.procedure.models import QuotaDecision
from jifen.procedure.selectors import period_close_list


class QuotaDecide(DomainMutation):
    """The committee decides a tie across a quota's boundary (who of the tied keeps the
    grade, at most the places left), with its reason; the close then continues."""

    class Arguments:
        decision = graphene.ID(required=True)
        chosen = graphene.List(graphene.NonNull(graphene.ID), required=True)
        reason = graphene.String(required=True)

    close = graphene.Field(PeriodCloseNode)

    @classmethod
    def perform(cls, info, decision, chosen, reason):
        pk = pk_of(decision, "QuotaDecision")
        visible = period_close_list(user=info.context.user).values("pk")
        found = QuotaDecision.objects.filter(pk=pk, close__in=visible).first() if pk else None
        if found is None:
            raise not_found("decision", lookups.DECISION)
        chosen_ids = []
        for index, global_id in enumerate(chosen):
            subject_pk = pk_of(global_id, "Subject")
            if subject_pk is None:
                raise not_found(f"chosen.{index}", lookups.SUBJECT)
            chosen_ids.append(subject_pk)
        close = services.quota_decide(
            actor=info.context.user, decision=found, chosen_ids=chosen_ids, reason=reason
        )
        return cls(close=close, errors=[])
