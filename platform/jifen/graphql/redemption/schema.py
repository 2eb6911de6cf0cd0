import graphene

from jifen.errors import DomainError
from jifen.graphql import lookups
from jifen.graphql.redemption.mutations.redemption_make import RedemptionMake
from jifen.graphql.redemption.types import RedeemableBalanceType, ShopItemType
from jifen.redemption.models import ShopItem
from jifen.redemption.selectors import redeemable_balance


class RedemptionQueries(graphene.ObjectType):
    redeemable_balance = graphene.Field(
        RedeemableBalanceType,
        subject=graphene.ID(required=True),
        description="Null when the subject is not visible or its ruleset has no points shop.",
    )
    shop_items = graphene.List(
        graphene.NonNull(ShopItemType),
        unit=graphene.ID(required=True),
        description="Items offered to the subjects of a unit (by it or its superiors).",
    )

    def resolve_redeemable_balance(self, info, subject):
        found = lookups.optional(lookups.subject, info, subject)
        if found is None:
            return None
        try:
            return RedeemableBalanceType.of(redeemable_balance(subject=found))
        except DomainError:  # no points shop, or no ruleset in force
            return None

    def resolve_shop_items(self, info, unit):
        found = lookups.optional(lookups.unit, info, unit)
        if found is None:
            return []
        return ShopItem.objects.filter(unit__path__in=found.ancestor_paths(), active=True).order_by(
            "points"
        )


class RedemptionMutations(graphene.ObjectType):
    redemption_make = RedemptionMake.Field()
