"""After a request: the shop keeper hands the goods over, or the request is cancelled."""

import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.redemption.types import RedemptionType
from jifen.redemption.services import (
    redemption_cancel,
    redemption_hand_over,
    redemption_mark_ready,
)


class RedemptionMarkReady(DomainMutation):
    """The goods are ready at the pickup point; the household is notified (shop keepers)."""

    class Arguments:
        redemption = graphene.ID(required=True)

    redemption = graphene.Field(RedemptionType)

    @classmethod
    def perform(cls, info, redemption):
        made = redemption_mark_ready(
            actor=info.context.user, redemption=lookups.redemption(info, redemption)
        )
        return cls(redemption=made, errors=[])


class RedemptionHandOver(DomainMutation):
    """Confirm the goods were handed over (shop keepers of the item's unit)."""

    class Arguments:
        redemption = graphene.ID(required=True)

    redemption = graphene.Field(RedemptionType)

    @classmethod
    def perform(cls, info, redemption):
        made = redemption_hand_over(actor=info.context.user,
                                    redemption=lookups.redemption(info, redemption))  # fmt: skip
        return cls(redemption=made, errors=[])


class RedemptionCancel(DomainMutation):
    """Cancel a request not yet handed over: the points and the goods come back."""

    class Arguments:
        redemption = graphene.ID(required=True)
        reason = graphene.String(required=True)

    redemption = graphene.Field(RedemptionType)

    @classmethod
    def perform(cls, info, redemption, reason):
        made = redemption_cancel(actor=info.context.user,
                                 redemption=lookups.redemption(info, redemption),
                                 reason=reason)  # fmt: skip
        return cls(redemption=made, errors=[])
