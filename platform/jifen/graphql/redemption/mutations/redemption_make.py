import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.redemption.types import RedeemableBalanceType, RedemptionType
from jifen.redemption.selectors import redeemable_balance
from jifen.redemption.services import redemption_make


class RedemptionMake(DomainMutation):
    """Request a shop item for a subject's points: village cadres for anyone, a household's
    members for their own household; the points are spent now, the goods are made ready
    (`redemptionMarkReady`) and handed over later (`redemptionHandOver`)."""

    class Arguments:
        subject = graphene.ID(required=True)
        item = graphene.ID(required=True)
        quantity = graphene.Int(default_value=1)
        key = graphene.String(required=True, description="Idempotency key.")
        pickup_point = graphene.ID(description="Where the goods will be handed over.")

    redemption = graphene.Field(RedemptionType)
    balance = graphene.Field(RedeemableBalanceType)

    @classmethod
    def perform(cls, info, subject, item, quantity, key, pickup_point=None):
        found = lookups.passbook_subject(info, subject)
        point = lookups.pickup_point(info, pickup_point) if pickup_point else None
        made = redemption_make(
            actor=info.context.user,
            subject=found,
            item=lookups.shop_item(info, item),
            quantity=quantity,
            key=key,
            pickup_point=point,
        )
        return cls(
            redemption=made,
            balance=RedeemableBalanceType.of(redeemable_balance(subject=found)),
            errors=[],
        )
