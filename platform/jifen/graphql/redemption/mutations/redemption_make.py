import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation
from jifen.graphql.redemption.types import RedeemableBalanceType, RedemptionType
from jifen.redemption.selectors import redeemable_balance
from jifen.redemption.services import redemption_make


class RedemptionMake(DomainMutation):
    """Exchange a subject's points for a shop item (shopkeepers: village cadres)."""

    class Arguments:
        subject = graphene.ID(required=True)
        item = graphene.ID(required=True)
        quantity = graphene.Int(default_value=1)
        key = graphene.String(required=True, description="Idempotency key.")

    redemption = graphene.Field(RedemptionType)
    balance = graphene.Field(RedeemableBalanceType)

    @classmethod
    def perform(cls, info, subject, item, quantity, key):
        found = lookups.subject(info, subject)
        made = redemption_make(
            actor=info.context.user,
            subject=found,
            item=lookups.shop_item(info, item),
            quantity=quantity,
            key=key,
        )
        return cls(
            redemption=made,
            balance=RedeemableBalanceType.of(redeemable_balance(subject=found)),
            errors=[],
        )
