import graphene
from graphene_django import DjangoObjectType

from jifen.graphql.core import Actor
from jifen.graphql.enums import PassbookLineKindEnum
from jifen.graphql.ids import Node
from jifen.redemption.models import ExchangeWindow, PickupPoint, Redemption, ShopItem, StockChange

RedemptionStatusEnum = graphene.Enum.from_enum(
    Redemption.Status,
    name="RedemptionStatus",
    description="requested → handed over, or cancelled (points returned).",
)


class ShopItemType(DjangoObjectType):
    class Meta:
        model = ShopItem
        name = "ShopItem"
        fields = ("name", "points", "stock", "active", "low_stock_at")
        interfaces = (Node,)

    points = graphene.Float(required=True)
    low_stock = graphene.Boolean(
        required=True, description="Stock at or below the item's low-stock threshold."
    )
    photo_id = graphene.ID(description="Global id of the uploaded photo (an Evidence file).")

    def resolve_points(self, info):
        return float(self.points)

    def resolve_low_stock(self, info):
        return self.low_stock

    photo_url = graphene.String(
        description="Where the photo downloads (with the caller's session or token)."
    )

    def resolve_photo_url(self, info):
        return f"/evidence/{self.photo_id}" if self.photo_id else None

    def resolve_photo_id(self, info):
        return Node.to_global_id("Evidence", self.photo_id) if self.photo_id else None


class StockChangeType(DjangoObjectType):
    class Meta:
        model = StockChange
        name = "StockChange"
        fields = ("change", "stock_after", "reason", "changed_at")

    changed_by = graphene.Field(Actor, required=True)

    def resolve_changed_by(self, info):
        return Actor.of(self.changed_by)


class ExchangeWindowType(DjangoObjectType):
    class Meta:
        model = ExchangeWindow
        name = "ExchangeWindow"
        fields = ("opens_on", "closes_on")


class PickupPointType(DjangoObjectType):
    class Meta:
        model = PickupPoint
        name = "PickupPoint"
        fields = ("name", "address", "active")
        interfaces = (Node,)


class RedemptionType(DjangoObjectType):
    class Meta:
        model = Redemption
        name = "Redemption"
        fields = ("item", "quantity", "redeemed_at", "redeemed_on", "period_start",
                  "pickup_point", "settled_at", "cancel_reason")  # fmt: skip
        interfaces = (Node,)

    points = graphene.Float(required=True)
    status = graphene.Field(RedemptionStatusEnum, required=True)
    subject_name = graphene.String(required=True)

    def resolve_points(self, info):
        return float(self.points)

    def resolve_status(self, info):
        return self.status

    def resolve_subject_name(self, info):
        return self.subject.name


class RedeemableBalanceType(graphene.ObjectType):
    """What a subject may spend in the points shop; redeeming never lowers the ranking."""

    class Meta:
        name = "RedeemableBalance"

    earned = graphene.Float(required=True)
    spent = graphene.Float(required=True)
    available = graphene.Float(required=True)
    vetoed = graphene.Boolean(required=True, description="一票否决: barred from the shop.")
    veto_item = graphene.String(description="What barred the shop (the item's title).")
    veto_on = graphene.Date(description="When that item was recorded.")
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
            veto_item=balance.veto_item or None,
            veto_on=balance.veto_on,
            reset=balance.reset,
            period_start=balance.period.start,
            period_end=balance.period.end,
        )


class RewardBudgetType(graphene.ObjectType):
    """A shop unit's yearly reward budget and how many households used the shop."""

    class Meta:
        name = "RewardBudget"

    year = graphene.Int(required=True)
    capped = graphene.Boolean(required=True, description="The ruleset sets a yearly budget.")
    cap_yuan = graphene.Float()
    spent_yuan = graphene.Float()
    remaining_yuan = graphene.Float()
    households = graphene.Int(required=True)
    households_redeemed = graphene.Int(required=True)
    share_redeemed = graphene.Float(
        required=True,
        description="Households that redeemed this year ÷ all (示范村: at least 0.30).",
    )


class PassbookLineType(graphene.ObjectType):
    """One line of a household's passbook (行为银行存折)."""

    class Meta:
        name = "PassbookLine"

    on = graphene.Date(required=True)
    kind = PassbookLineKindEnum(required=True)
    text = graphene.String(required=True)
    points = graphene.Float(required=True, description="+ earned, − redeemed.")
    balance = graphene.Float(required=True, description="The running balance after this line.")


class VillageRankLineType(graphene.ObjectType):
    """A household's place in its village as of a day (provisional until the close)."""

    class Meta:
        name = "VillageRankLine"

    subject = graphene.Field("jifen.graphql.subjects.types.SubjectNode", required=True)
    total = graphene.Float(description="Null when the household is exempt.")
    rank = graphene.Int()
    stars = graphene.Int(description="Star level (5/4/3 for the top 10/20/30%), 0 without.")
    gained = graphene.Float(required=True, description="Points gained this period.")
    lost = graphene.Float(required=True, description="Points lost this period (positive).")


class VillageRankingType(graphene.ObjectType):
    """A village's households ranked with their stars, as a close today would publish."""

    class Meta:
        name = "VillageRanking"

    ruleset = graphene.String(required=True)
    period_start = graphene.Date(required=True)
    period_end = graphene.Date(required=True)
    as_of = graphene.Date(required=True)
    households = graphene.List(graphene.NonNull(VillageRankLineType), required=True)

    @staticmethod
    def of(span):
        return VillageRankingType(
            ruleset=span.ruleset,
            period_start=span.period.start,
            period_end=span.period.end,
            as_of=span.end,
            households=[
                VillageRankLineType(
                    subject=x.subject,
                    total=x.total,
                    rank=x.rank,
                    stars=x.stars,
                    gained=x.gained,
                    lost=x.lost,
                )
                for x in span.lines
            ],
        )
