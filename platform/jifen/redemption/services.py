"""Redeeming points in the shop."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from jifen.org.models import Role
from jifen.procedure.permissions import require, scoring_unit
from jifen.redemption.errors import RedemptionError
from jifen.redemption.models import Redemption, ShopItem
from jifen.redemption.selectors import redeemable_balance, redemption_rule
from jifen.subjects.models import Subject

SHOPKEEPERS = (Role.ADMIN, Role.SECRETARY, Role.GRID_WORKER)


def redemption_make(
    *,
    user,
    subject: Subject,
    item: ShopItem,
    quantity: int = 1,
    key: str,
    on: dt.date | None = None,
) -> Redemption:
    """Exchange points for an item. Idempotent by key; concurrent redemptions of one
    subject are serialised on the subject row, so a balance is never spent twice."""
    on = on or timezone.localdate()
    unit = scoring_unit(subject)
    require(user, unit, SHOPKEEPERS, "redeeming points")
    if quantity < 1:
        raise RedemptionError("quantity must be at least 1.")
    if not unit.path.startswith(item.unit.path) or not item.active:
        raise RedemptionError(f"{item.name} is not offered to subjects of {unit.name}.")
    existing = Redemption.objects.filter(key=key).first()
    if existing:
        if (existing.subject_id, existing.item_id, existing.quantity) != (
            subject.pk,
            item.pk,
            quantity,
        ):
            raise RedemptionError(f"key {key!r} was already used for another redemption.")
        return existing
    with transaction.atomic():
        Subject.objects.select_for_update().get(pk=subject.pk)
        item = ShopItem.objects.select_for_update().get(pk=item.pk)
        balance = redeemable_balance(subject=subject, on=on)
        cost = item.points * quantity
        if balance.vetoed:
            raise RedemptionError(
                f"{subject.name} is barred from redemption this period (一票否决); "
                "points still accumulate."
            )
        if cost > balance.available:
            raise RedemptionError(
                f"{item.name} ×{quantity} costs {cost} points; {subject.name} has "
                f"{balance.available} available."
            )
        if item.stock is not None:
            if item.stock < quantity:
                raise RedemptionError(f"only {item.stock} of {item.name} left.")
            item.stock -= quantity
            item.save(update_fields=["stock"])
        app, _ = redemption_rule(subject, on)
        try:
            with transaction.atomic():
                return Redemption.objects.create(
                    key=key,
                    subject=subject,
                    ruleset=app.version.ruleset,
                    period_start=balance.period.start,
                    item=item,
                    quantity=quantity,
                    points=cost,
                    redeemed_by=user,
                )
        except IntegrityError:
            raise RedemptionError(
                f"key {key!r} was just used by a concurrent redemption."
            ) from None
