import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DOMAIN_ERRORS, Error, error_from, not_found, pk_of
from jifen.graphql.redemption.types import RedeemableBalanceType, RedemptionType
from jifen.redemption.errors import RedemptionError
from jifen.redemption.models import ShopItem
from jifen.redemption.selectors import redeemable_balance
from jifen.redemption.services import redemption_make


class RedemptionMake(graphene.Mutation):
    """Exchange a subject's points for a shop item (shopkeepers: village cadres)."""

    class Arguments:
        subject = graphene.ID(required=True)
        item = graphene.ID(required=True)
        quantity = graphene.Int(default_value=1)
        key = graphene.String(required=True, description="Idempotency key.")

    redemption = graphene.Field(RedemptionType)
    balance = graphene.Field(RedeemableBalanceType)
    errors = graphene.List(graphene.NonNull(Error), required=True)

    def mutate(self, info, subject, item, quantity, key):
        user = info.context.user
        found = lookups.subject(info, subject) if user.is_authenticated else None
        if found is None:
            return RedemptionMake(errors=[not_found("subject", "subject")])
        item_pk = pk_of(item, "ShopItem")
        shop_item = ShopItem.objects.filter(pk=item_pk).first() if item_pk else None
        if shop_item is None:
            return RedemptionMake(errors=[not_found("item", "shop item")])
        try:
            made = redemption_make(
                user=user, subject=found, item=shop_item, quantity=quantity, key=key
            )
        except (*DOMAIN_ERRORS, RedemptionError) as exc:
            return RedemptionMake(errors=[error_from(exc)])
        return RedemptionMake(
            redemption=made,
            balance=RedeemableBalanceType.of(redeemable_balance(subject=found)),
            errors=[],
        )
