"""Keeping the points shop: goods, stock, exchange days, pickup points."""

from decimal import Decimal

import graphene

from jifen.graphql import lookups
from jifen.graphql.core import DomainMutation, pk_of
from jifen.graphql.redemption.types import ExchangeWindowType, PickupPointType, ShopItemType
from jifen.redemption import shop
from jifen.redemption.shop import ShopItemInput


def _photo_id(info, photo):
    if photo is None:
        return None
    pk = pk_of(photo, "Evidence")
    if pk is None:
        from jifen.graphql.core import not_found

        raise not_found("photo", lookups.EVIDENCE)
    return pk


def _input(info, name, points, stock, low_stock_at, active, photo) -> ShopItemInput:
    return ShopItemInput(name=name, points=Decimal(str(points)), stock=stock,
                         low_stock_at=low_stock_at, active=active,
                         photo_id=_photo_id(info, photo))  # fmt: skip


class ShopItemCreate(DomainMutation):
    """Offer goods in the shop of a unit (shop keepers: admins, secretaries, grid workers)."""

    class Arguments:
        unit = graphene.ID(required=True)
        name = graphene.String(required=True)
        points = graphene.Float(required=True, description="The price in points.")
        stock = graphene.Int(description="Opening stock; empty for unlimited.")
        low_stock_at = graphene.Int(description="Warn the shop keepers at this stock.")
        active = graphene.Boolean(default_value=True)
        photo = graphene.ID(description="An uploaded file's id (the evidence upload).")

    item = graphene.Field(ShopItemType)

    @classmethod
    def perform(cls, info, unit, name, points, active, stock=None, low_stock_at=None, photo=None):
        made = shop.shop_item_create(
            actor=info.context.user,
            unit=lookups.unit(info, unit),
            data=_input(info, name, points, stock, low_stock_at, active, photo),
        )
        return cls(item=made, errors=[])


class ShopItemUpdate(DomainMutation):
    """Change an item's name, price, threshold, photo or whether it is offered."""

    class Arguments:
        item = graphene.ID(required=True)
        name = graphene.String(required=True)
        points = graphene.Float(required=True)
        low_stock_at = graphene.Int()
        active = graphene.Boolean(default_value=True)
        photo = graphene.ID()

    item = graphene.Field(ShopItemType)

    @classmethod
    def perform(cls, info, item, name, points, active, low_stock_at=None, photo=None):
        found = lookups.kept_shop_item(info, item)
        made = shop.shop_item_update(
            actor=info.context.user,
            item=found,
            data=_input(info, name, points, None, low_stock_at, active, photo),
        )
        return cls(item=made, errors=[])


class ShopStockAdjust(DomainMutation):
    """Goods delivered (+) or taken off the shelf (−), with a reason; recorded as a row."""

    class Arguments:
        item = graphene.ID(required=True)
        change = graphene.Int(required=True)
        reason = graphene.String(required=True)

    item = graphene.Field(ShopItemType)

    @classmethod
    def perform(cls, info, item, change, reason):
        made = shop.shop_stock_adjust(actor=info.context.user,
                                      item=lookups.kept_shop_item(info, item),
                                      change=change, reason=reason)  # fmt: skip
        return cls(item=made, errors=[])


class ExchangeWindowAdd(DomainMutation):
    """Open the shop of a unit on these days; outside its windows it is closed."""

    class Arguments:
        unit = graphene.ID(required=True)
        opens_on = graphene.Date(required=True)
        closes_on = graphene.Date(required=True)

    window = graphene.Field(ExchangeWindowType)

    @classmethod
    def perform(cls, info, unit, opens_on, closes_on):
        made = shop.exchange_window_add(actor=info.context.user, unit=lookups.unit(info, unit),
                                        opens_on=opens_on, closes_on=closes_on)  # fmt: skip
        return cls(window=made, errors=[])


class PickupPointAdd(DomainMutation):
    """A place where the shop of a unit hands goods over."""

    class Arguments:
        unit = graphene.ID(required=True)
        name = graphene.String(required=True)
        address = graphene.String(default_value="")

    pickup_point = graphene.Field(PickupPointType)

    @classmethod
    def perform(cls, info, unit, name, address):
        made = shop.pickup_point_add(actor=info.context.user, unit=lookups.unit(info, unit),
                                     name=name, address=address)  # fmt: skip
        return cls(pickup_point=made, errors=[])
