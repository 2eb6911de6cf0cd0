import graphene
from graphene_django import DjangoObjectType

from jifen.redemption.models import Redemption, ShopItem


class ShopItemType(DjangoObjectType):
    class Meta:
        model = ShopItem
        name = "ShopItem"
        fields = ("id", "name", "points", "stock", "active")

    points = graphene.Float(required=True)

    def resolve_points(self, info):
        return float(self.points)


class RedemptionType(DjangoObjectType):
    class Meta:
        model = Redemption
        name = "Redemption"
        fields = ("id", "item", "quantity", "redeemed_at", "period_start")

    points = graphene.Float(required=True)

    def resolve_points(self, info):
        return float(self.points)


class RedeemableBalanceType(graphene.ObjectType):
    """What a subject may spend in the points shop; redeeming never lowers the ranking."""

    earned = graphene.Float(required=True)
    spent = graphene.Float(required=True)
    available = graphene.Float(required=True)
    vetoed = graphene.Boolean(required=True, description="一票否决: barred from the shop.")
    reset = graphene.String(required=True, description="period_end (年底清零) or never.")
    period_start = graphene.Date(required=True)
    period_end = graphene.Date(required=True)

    @staticmethod
    def of(balance):
        return RedeemableBalanceType(
            earned=float(balance.earned),
            spent=float(balance.spent),
            available=float(balance.available),
            vetoed=balance.vetoed,
            reset=balance.reset,
            period_start=balance.period.start,
            period_end=balance.period.end,
        )
