"""Redeeming points in the shop."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jifen import idempotency, policy
from jifen.errors import ValidationFailed
from jifen.policy import Action
from jifen.redemption.errors import RedemptionError
from jifen.redemption.models import Redemption, ShopItem
from jifen.redemption.selectors import redeemable_balance, redemption_rule
from jifen.subjects.models import Subject


def redemption_make(
    *,
    actor,
    subject: Subject,
    item: ShopItem,
    quantity: int = 1,
    key: str,
    on: dt.date | None = None,
) -> Redemption:
    """Exchange points for an item. Idempotent by key; concurrent redemptions of one
    subject are serialised on the subject row, so a balance is never spent twice."""
    on = on or timezone.localdate()
    unit = subject.scoring_unit
    policy.require(actor, Action.REDEEM, unit)
    if quantity < 1:
        raise ValidationFailed(_("quantity must be at least 1."), field="quantity")
    if not unit.path.startswith(item.unit.path) or not item.active:
        raise RedemptionError(
            _("%(item)s is not offered to subjects of %(unit)s.")
            % {"item": item.name, "unit": unit.name}
        )
    digest = idempotency.digest({"subject": subject.pk, "item": item.pk, "quantity": quantity})
    existing = idempotency.earlier(Redemption, key=key, payload_hash=digest, what="redemption")
    if existing:
        return existing
    with transaction.atomic(durable=True):
        Subject.objects.select_for_update().get(pk=subject.pk)
        item = ShopItem.objects.select_for_update().get(pk=item.pk)
        rule = redemption_rule(subject, on)
        balance = redeemable_balance(subject=subject, on=on, rule=rule)
        cost = item.points * quantity
        if balance.vetoed:
            raise RedemptionError(
                _(
                    "%(subject)s is barred from redemption this period (一票否决); "
                    "points still accumulate."
                )
                % {"subject": subject.name}
            )
        if cost > balance.available:
            raise RedemptionError(
                _(
                    "%(item)s ×%(quantity)s costs %(cost)s points; %(subject)s has "
                    "%(available)s available."
                )
                % {
                    "item": item.name,
                    "quantity": quantity,
                    "cost": cost,
                    "subject": subject.name,
                    "available": balance.available,
                }
            )
        if item.stock is not None:
            if item.stock < quantity:
                raise RedemptionError(
                    _("only %(stock)s of %(item)s left.") % {"stock": item.stock, "item": item.name}
                )
            item.stock -= quantity
            item.save(update_fields=["stock"])
        made, _created = idempotency.create_once(
            Redemption,
            key=key,
            payload_hash=digest,
            what="redemption",
            create=lambda: Redemption.objects.create(
                key=key,
                payload_hash=digest,
                subject=subject,
                ruleset=rule[0].version.ruleset,
                period_start=balance.period.start,
                item=item,
                quantity=quantity,
                points=cost,
                redeemed_by=actor,
            ),
        )
        return made
