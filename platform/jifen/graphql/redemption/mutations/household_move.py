import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.subjects.services import subject_move


class HouseholdMove(DomainMutation):
    """Move a household (or a person) to another unit of its township (the township's
    superiors); its ledger, passbook and balance go along."""

    class Arguments:
        subject = graphene.ID(required=True)
        unit = graphene.ID(required=True, description="The unit it moves to.")

    moved_on = graphene.Date()

    @classmethod
    def perform(cls, info, subject, unit):
        move = subject_move(actor=info.context.user, subject=lookups.subject(info, subject),
                            to_unit=lookups.unit(info, unit))  # fmt: skip
        return cls(moved_on=move.moved_on, errors=[])
