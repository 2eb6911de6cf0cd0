import graphene
from django.utils import timezone

from jifen import policy
from jifen.errors import DomainError
from jifen.graphql import lookups
from jifen.graphql.enums import SubjectKindEnum
from jifen.graphql.redemption.mutations.household_move import HouseholdMove
from jifen.graphql.redemption.mutations.redemption_make import RedemptionMake
from jifen.graphql.redemption.mutations.redemption_steps import (
    RedemptionCancel,
    RedemptionHandOver,
    RedemptionMarkReady,
)
from jifen.graphql.redemption.mutations.shop import (
    ExchangeWindowAdd,
    PickupPointAdd,
    ShopItemCreate,
    ShopItemUpdate,
    ShopStockAdjust,
)
from jifen.graphql.redemption.types import (
    ExchangeWindowType,
    PassbookLineType,
    PickupPointType,
    RedeemableBalanceType,
    RedemptionStatusEnum,
    RedemptionType,
    RewardBudgetType,
    ShopItemType,
    StockChangeType,
    VillageRankingType,
)
from jifen.org.selectors import unit_list
from jifen.policy import Action
from jifen.redemption.models import ExchangeWindow, PickupPoint, Redemption, ShopItem
from jifen.redemption.selectors import (
    budget_of,
    passbook,
    redeemable_balance,
    redemption_share,
    village_ranking,
)
from jifen.rulebook.selectors import applicable_for
from jifen.subjects.models import SubjectKind


def _shop_unit(info, unit):
    """A unit the caller sees, or the unit of the caller's own household: its people shop
    there without holding a role."""
    found = lookups.optional(lookups.unit, info, unit)
    if found is None:
        from jifen.ids import to_global_id
        from jifen.subjects.selectors import own_household

        own = own_household(user=info.context.user)
        if own is not None and to_global_id("OrgUnit", own.home_unit_id) == unit:
            return own.home_unit
    return found


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
    shop_stock_changes = graphene.List(
        graphene.NonNull(StockChangeType),
        item=graphene.ID(required=True),
        description="An item's stock changes, oldest first (shops in the caller's units).",
    )
    exchange_windows = graphene.List(
        graphene.NonNull(ExchangeWindowType),
        unit=graphene.ID(required=True),
        description="The exchange days of the shops serving a unit.",
    )
    pickup_points = graphene.List(
        graphene.NonNull(PickupPointType),
        unit=graphene.ID(required=True),
        description="Where the shops serving a unit hand goods over.",
    )
    redemptions = graphene.List(
        graphene.NonNull(RedemptionType),
        unit=graphene.ID(required=True),
        status=RedemptionStatusEnum(),
        description="Redemptions from the shops of a unit and below (the shop keeper's list).",
    )
    reward_budget = graphene.Field(
        RewardBudgetType,
        unit=graphene.ID(required=True),
        year=graphene.Int(),
        kind=SubjectKindEnum(default_value=SubjectKind.HOUSEHOLD),
        description="The yearly reward budget of a unit's shop and the share of households "
        "that redeemed (null when the unit is not visible).",
    )
    village_ranking = graphene.Field(
        VillageRankingType,
        unit=graphene.ID(required=True),
        on=graphene.Date(description="As of this day (today when absent)."),
        description="A village's (or grid's) households ranked with their stars as a close "
        "on that day would publish them (the village's staff: keepers of its records).",
    )
    passbook = graphene.List(
        graphene.NonNull(PassbookLineType),
        subject=graphene.ID(required=True),
        description="The passbook (行为银行存折) of a household or person: its own members "
        "and the staff over its unit may read it. Empty without a points shop.",
    )

    def resolve_redeemable_balance(self, info, subject):
        found = lookups.optional(lookups.passbook_subject, info, subject)
        if found is None:
            return None
        try:
            return RedeemableBalanceType.of(redeemable_balance(subject=found))
        except DomainError:  # no points shop, or no ruleset in force
            return None

    def resolve_shop_items(self, info, unit):
        found = _shop_unit(info, unit)
        if found is None:
            return []
        return ShopItem.objects.filter(unit__path__in=found.ancestor_paths(), active=True).order_by(
            "points"
        )

    def resolve_shop_stock_changes(self, info, item):
        found = lookups.optional(lookups.kept_shop_item, info, item)
        return list(found.stock_changes.select_related("changed_by")) if found else []

    def resolve_exchange_windows(self, info, unit):
        found = _shop_unit(info, unit)
        if found is None:
            return []
        return ExchangeWindow.objects.filter(unit__path__in=found.ancestor_paths())

    def resolve_pickup_points(self, info, unit):
        found = _shop_unit(info, unit)
        if found is None:
            return []
        return PickupPoint.objects.filter(
            unit__path__in=found.ancestor_paths(), active=True
        ).order_by("name")

    def resolve_redemptions(self, info, unit, status=None):
        found = lookups.optional(lookups.unit, info, unit)
        if found is None:
            return []
        rows = Redemption.objects.filter(
            item__unit__path__startswith=found.path,
            item__unit__in=unit_list(user=info.context.user),
        ).select_related("item", "subject", "pickup_point")
        if status is not None:
            rows = rows.filter(status=getattr(status, "value", status))
        return rows.order_by("redeemed_at", "pk")

    def resolve_reward_budget(self, info, unit, kind, year=None):
        kind = getattr(kind, "value", kind)
        found = lookups.optional(lookups.unit, info, unit)
        if found is None:
            return None
        today = timezone.localdate()
        year = year or today.year
        try:
            spec = applicable_for(found, kind, today).document.get("redemption") or {}
        except DomainError:
            spec = {}
        budget = budget_of(unit=found, spec=spec, year=year, kind=kind)
        redeemed, households = redemption_share(unit=found, year=year, kind=kind)
        return RewardBudgetType(
            year=year,
            capped=budget is not None,
            cap_yuan=float(budget.cap_yuan) if budget else None,
            spent_yuan=float(budget.spent_yuan) if budget else None,
            remaining_yuan=float(budget.remaining_yuan) if budget else None,
            households=households,
            households_redeemed=redeemed,
            share_redeemed=round(redeemed / households, 4) if households else 0.0,
        )

    def resolve_passbook(self, info, subject):
        found = lookups.optional(lookups.passbook_subject, info, subject)
        if found is None:
            return []
        try:
            lines = passbook(subject=found)
        except DomainError:
            return []
        return [
            PassbookLineType(
                on=x.on, kind=x.kind, text=x.text, points=float(x.points), balance=float(x.balance)
            )
            for x in lines
        ]

    def resolve_village_ranking(self, info, unit, on=None):
        found = lookups.optional(lookups.unit, info, unit)
        if found is None or not policy.may(info.context.user, Action.EXPORT_FORMS, found):
            return None
        try:
            return VillageRankingType.of(village_ranking(unit=found, on=on or timezone.localdate()))
        except DomainError:  # no household ruleset in force there
            return None


class RedemptionMutations(graphene.ObjectType):
    redemption_make = RedemptionMake.Field()
    redemption_mark_ready = RedemptionMarkReady.Field()
    redemption_hand_over = RedemptionHandOver.Field()
    redemption_cancel = RedemptionCancel.Field()
    shop_item_create = ShopItemCreate.Field()
    shop_item_update = ShopItemUpdate.Field()
    shop_stock_adjust = ShopStockAdjust.Field()
    exchange_window_add = ExchangeWindowAdd.Field()
    pickup_point_add = PickupPointAdd.Field()
    household_move = HouseholdMove.Field()
