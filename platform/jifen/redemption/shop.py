"""Keeping the points shop: goods, stock changes, exchange days and pickup points.

Every stock change is a `StockChange` row (who, how much, why) written in the same
transaction as the new stock, so the stock is always the sum of its changes. When an
item's stock falls to its `low_stock_at`, the shop keepers hear about it once per fall.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jifen import policy
from jifen.access.models import User
from jifen.audit.services import audit_record
from jifen.errors import ValidationFailed
from jifen.notifications.services import Text, notify
from jifen.org.models import OrgUnit
from jifen.policy import KEEPERS_ROLES, Action
from jifen.redemption.models import ExchangeWindow, PickupPoint, ShopItem, StockChange


@dataclass(frozen=True)
class ShopItemInput:
    name: str
    points: Decimal
    stock: int | None = None
    low_stock_at: int | None = None
    active: bool = True
    photo_id: int | None = None


def shop_keepers(unit: OrgUnit) -> list:
    """The people who keep the shop of `unit` (roles held at the unit itself)."""
    return list(
        User.objects.filter(
            role_assignments__unit=unit, role_assignments__role__in=KEEPERS_ROLES, is_active=True
        ).distinct()
    )


def _check(data: ShopItemInput) -> None:
    if not data.name.strip():
        raise ValidationFailed(_("give the item a name."), field="name")
    if data.points <= 0:
        raise ValidationFailed(_("the points price must be more than 0."), field="points")
    if data.stock is not None and data.stock < 0:
        raise ValidationFailed(_("stock cannot be negative; leave it empty for unlimited."),
                               field="stock")  # fmt: skip
    if data.low_stock_at is not None and data.low_stock_at < 0:
        raise ValidationFailed(_("the low-stock threshold cannot be negative."),
                               field="lowStockAt")  # fmt: skip


def _photo(actor, photo_id: int | None):
    from jifen.procedure.models import Evidence

    if photo_id is None:
        return None
    photo = Evidence.objects.filter(pk=photo_id, uploaded_by=actor).first()
    if photo is None:
        raise ValidationFailed(_("upload the photo first; you can use only files you uploaded."),
                               field="photo")  # fmt: skip
    return photo


def low_stock_check(*, item: ShopItem) -> bool:
    """Tell the shop keepers when `item` is at or below its threshold (once per fall)."""
    if not item.low_stock:
        return False
    notify(
        recipients=shop_keepers(item.unit),
        kind="shop_low_stock",
        title=Text(
            gettext_lazy("%(item)s: only %(stock)s left in the points shop of %(unit)s"),
            {"item": item.name, "stock": item.stock, "unit": item.unit.name},
        ),
        dedupe_key=f"shop-low-stock:{item.pk}:{item.stock_changes.count()}",
    )
    return True


def _stock_change(*, actor, item: ShopItem, change: int, reason: str, redemption=None) -> None:
    """Apply and record one change on a locked `item`."""
    new = (item.stock or 0) + change
    if new < 0:
        raise ValidationFailed(
            _("%(item)s has %(stock)s in stock; it cannot go down by %(change)s.")
            % {"item": item.name, "stock": item.stock or 0, "change": -change},
            field="change",
        )
    was_low = item.low_stock
    item.stock = new
    item.save(update_fields=["stock"])
    StockChange.objects.create(item=item, change=change, stock_after=new, reason=reason,
                               redemption=redemption, changed_by=actor)  # fmt: skip
    if not was_low:
        low_stock_check(item=item)


def shop_item_create(*, actor, unit: OrgUnit, data: ShopItemInput) -> ShopItem:
    """Offer an item in the shop of `unit` (to every subject under it)."""
    policy.require(actor, Action.KEEP_SHOP, unit)
    _check(data)
    with transaction.atomic():
        item = ShopItem.objects.create(unit=unit, name=data.name.strip(), points=data.points,
                                       stock=None, low_stock_at=data.low_stock_at,
                                       active=data.active, photo=_photo(actor, data.photo_id))  # fmt: skip
        if data.stock is not None:
            item.stock = 0
            _stock_change(actor=actor, item=item, change=data.stock, reason=_("opening stock"))
        audit_record(actor=actor, action="shop_item.create", target=item,
                     after={"name": item.name, "points": str(item.points), "stock": item.stock})  # fmt: skip
    return item


def shop_item_update(*, actor, item: ShopItem, data: ShopItemInput) -> ShopItem:
    """Change an item's name, price, threshold, photo or whether it is offered. Stock
    changes go through `shop_stock_adjust` (they are recorded with a reason)."""
    policy.require(actor, Action.KEEP_SHOP, item.unit)
    _check(data)
    with transaction.atomic():
        item = ShopItem.objects.select_for_update().get(pk=item.pk)
        before = {"name": item.name, "points": str(item.points), "active": item.active}
        item.name, item.points, item.active = data.name.strip(), data.points, data.active
        item.low_stock_at = data.low_stock_at
        if data.photo_id is not None:
            item.photo = _photo(actor, data.photo_id)
        item.save()
        audit_record(actor=actor, action="shop_item.update", target=item, before=before,
                     after={"name": item.name, "points": str(item.points), "active": item.active})  # fmt: skip
    return item


def shop_stock_adjust(*, actor, item: ShopItem, change: int, reason: str) -> ShopItem:
    """Add goods to the shelf (+) or take them off (−: spoiled, lost), with a reason."""
    policy.require(actor, Action.KEEP_SHOP, item.unit)
    if change == 0:
        raise ValidationFailed(_("the change must not be 0."), field="change")
    if not reason.strip():
        raise ValidationFailed(_("say why the stock changes (delivery, spoiled, counted)."),
                               field="reason")  # fmt: skip
    with transaction.atomic():
        item = ShopItem.objects.select_for_update().get(pk=item.pk)
        if item.stock is None:
            raise ValidationFailed(
                _("%(item)s has unlimited stock; set a stock to count it.") % {"item": item.name},
                field="item",
            )
        _stock_change(actor=actor, item=item, change=change, reason=reason.strip())
    return item


def exchange_window_add(
    *, actor, unit: OrgUnit, opens_on: dt.date, closes_on: dt.date
) -> ExchangeWindow:
    """Open the shop of `unit` on these days (兑换日). Once a unit has windows, the shop is
    closed outside them."""
    policy.require(actor, Action.KEEP_SHOP, unit)
    if closes_on < opens_on:
        raise ValidationFailed(_("the window closes before it opens; swap the dates."),
                               field="closesOn")  # fmt: skip
    return ExchangeWindow.objects.create(unit=unit, opens_on=opens_on, closes_on=closes_on)


def pickup_point_add(*, actor, unit: OrgUnit, name: str, address: str = "") -> PickupPoint:
    policy.require(actor, Action.KEEP_SHOP, unit)
    if not name.strip():
        raise ValidationFailed(_("give the pickup point a name."), field="name")
    return PickupPoint.objects.create(unit=unit, name=name.strip(), address=address.strip())
