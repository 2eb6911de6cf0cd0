"""Redeeming points in the shop: request, then handed over or cancelled.

A request takes the points (the balance counts it as spent) and the goods off the shelf;
the shop keeper confirms the hand-over, or the request is cancelled and both come back.
Each step is one transaction; a request is idempotent by key, a hand-over or a cancel by
the redemption's state.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jifen import idempotency, policy
from jifen.errors import ValidationFailed
from jifen.notifications.links import page_of
from jifen.notifications.services import Text, notify
from jifen.policy import Action
from jifen.redemption.errors import RedemptionError
from jifen.redemption.models import PickupPoint, Redemption, ShopItem
from jifen.redemption.selectors import (
    budget_of,
    exchange_open,
    redeemable_balance,
    redemption_rule,
)
from jifen.redemption.shop import _stock_change
from jifen.subjects.models import Subject, SubjectKind


def _people(subject: Subject) -> list:
    if subject.user_id:
        return [subject.user]
    return [m.user for m in subject.members.select_related("user") if m.user_id]


def _own(actor, subject: Subject) -> bool:
    """Whether `actor` is a member of the household `subject` (a household redeems its own
    points through its members; a person's points are redeemed at the shop's counter)."""
    if subject.kind != SubjectKind.HOUSEHOLD or getattr(actor, "pk", None) is None:
        return False
    return subject.members.filter(user_id=actor.pk).exists()


def _pickup_words(redemption: Redemption) -> str:
    point = redemption.pickup_point
    return (
        f"{point.name}（{point.address}）"
        if point and point.address
        else (point.name if point else redemption.item.unit.name)
    )


def redemption_mark_ready(*, actor, redemption: Redemption) -> Redemption:
    """The shop keeper has the goods ready: the household is told where to pick them up.
    Doing it again changes nothing and tells nobody twice."""
    policy.require(actor, Action.KEEP_SHOP, redemption.item.unit)
    with transaction.atomic():
        redemption = (
            Redemption.objects.select_for_update(of=("self",))
            .select_related("item__unit", "subject", "pickup_point")
            .get(pk=redemption.pk)
        )
        if redemption.status == Redemption.Status.READY:
            return redemption
        if redemption.status != Redemption.Status.REQUESTED:
            raise RedemptionError(
                _(
                    "%(item)s was handed over or cancelled already; only a requested "
                    "redemption can be made ready."
                )
                % {"item": redemption.item.name}
            )
        redemption.status = Redemption.Status.READY
        redemption.save(update_fields=["status"])
        notify(
            recipients=_people(redemption.subject),
            kind="redemption_ready",
            title=Text(
                gettext_lazy("%(item)s ×%(quantity)s is ready for pickup at %(where)s"),
                {
                    "item": redemption.item.name,
                    "quantity": redemption.quantity,
                    "where": _pickup_words(redemption),
                },
            ),
            link=page_of("Subject", redemption.subject_id),
            dedupe_key=f"redemption-ready:{redemption.pk}",
        )
    return redemption


def _veto_refusal(subject: Subject, balance) -> RedemptionError:
    """Say which item barred the shop, when, and until when (the household must know why)."""
    if balance.veto_item:
        return RedemptionError(
            _(
                "%(subject)s is barred from redemption until %(end)s (一票否决): %(item)s "
                "was recorded on %(day)s. Points still accumulate."
            )
            % {
                "subject": subject.name,
                "end": balance.period.end,
                "item": balance.veto_item,
                "day": balance.veto_on,
            }
        )
    return RedemptionError(
        _("%(subject)s is barred from redemption this period (一票否决); points still accumulate.")
        % {"subject": subject.name}
    )


def redemption_make(
    *,
    actor,
    subject: Subject,
    item: ShopItem,
    quantity: int = 1,
    key: str,
    pickup_point: PickupPoint | None = None,
    on: dt.date | None = None,
) -> Redemption:
    """Request an item for a subject's points: the shop's keepers for anyone, a household's
    members for their own household. Idempotent by key; concurrent redemptions of one
    subject are serialised on the subject row, so a balance is never spent twice, and of
    one shop on the item's unit, so its budget is never passed."""
    on = on or timezone.localdate()
    unit = subject.scoring_unit
    if not _own(actor, subject):
        policy.require(actor, Action.REDEEM, unit)
    if quantity < 1:
        raise ValidationFailed(_("quantity must be at least 1."), field="quantity")
    if not unit.path.startswith(item.unit.path) or not item.active:
        raise RedemptionError(
            _("%(item)s is not offered to subjects of %(unit)s.")
            % {"item": item.name, "unit": unit.name}
        )
    if (
        pickup_point is not None
        and not item.unit.path.startswith(pickup_point.unit.path)
        and not (pickup_point.unit.path.startswith(item.unit.path))
    ):
        raise ValidationFailed(_("this pickup point does not serve %(item)s.") % {"item": item.name},
                               field="pickupPoint")  # fmt: skip
    digest = idempotency.digest({"subject": subject.pk, "item": item.pk, "quantity": quantity})
    existing = idempotency.earlier(Redemption, key=key, payload_hash=digest, what="redemption")
    if existing:
        return existing
    is_open, next_window = exchange_open(unit=item.unit, on=on)
    if not is_open:
        if next_window is None:
            raise RedemptionError(
                _(
                    "the points shop of %(unit)s is closed on %(day)s and no exchange day is set yet."
                )
                % {"unit": item.unit.name, "day": on}
            )
        raise RedemptionError(
            _(
                "the points shop of %(unit)s is closed on %(day)s; next open %(opens)s to %(closes)s."
            )
            % {
                "unit": item.unit.name,
                "day": on,
                "opens": next_window.opens_on,
                "closes": next_window.closes_on,
            }
        )
    with transaction.atomic(durable=True):
        Subject.objects.select_for_update().get(pk=subject.pk)
        item = ShopItem.objects.select_for_update().get(pk=item.pk)
        rule = redemption_rule(subject, on)
        balance = redeemable_balance(subject=subject, on=on, rule=rule)
        cost = item.points * quantity
        if balance.vetoed:
            raise _veto_refusal(subject, balance)
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
        budget = budget_of(unit=item.unit, spec=rule[1], year=on.year, kind=subject.kind, lock=True)
        if budget is not None:
            cost_yuan = (cost * budget.yuan_per_point).quantize(Decimal("0.01"))
            if cost_yuan > budget.remaining_yuan:
                raise RedemptionError(
                    _(
                        "%(item)s ×%(quantity)s would cost %(cost)s yuan of the %(year)s reward "
                        "budget of %(unit)s; %(remaining)s yuan of %(cap)s remain."
                    )
                    % {
                        "item": item.name,
                        "quantity": quantity,
                        "cost": cost_yuan,
                        "year": on.year,
                        "unit": item.unit.name,
                        "remaining": budget.remaining_yuan,
                        "cap": budget.cap_yuan,
                    }
                )
        if item.stock is not None and item.stock < quantity:
            raise RedemptionError(
                _("only %(stock)s of %(item)s left.") % {"stock": item.stock, "item": item.name}
            )
        made, created = idempotency.create_once(
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
                redeemed_on=on,
                pickup_point=pickup_point,
            ),
        )
        if created and item.stock is not None:
            _stock_change(actor=actor, item=item, change=-quantity,
                          reason=_("redeemed by %(subject)s") % {"subject": subject.name},
                          redemption=made)  # fmt: skip
        return made


def redemption_hand_over(*, actor, redemption: Redemption) -> Redemption:
    """The shop keeper confirms the goods were handed over. Doing it again changes nothing."""
    policy.require(actor, Action.KEEP_SHOP, redemption.item.unit)
    with transaction.atomic():
        redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)
        if redemption.status == Redemption.Status.HANDED_OVER:
            return redemption
        if redemption.status == Redemption.Status.CANCELLED:
            raise RedemptionError(
                _("this redemption was cancelled on %(day)s; its points were returned.")
                % {"day": timezone.localdate(redemption.settled_at)}
            )
        redemption.status = Redemption.Status.HANDED_OVER
        redemption.settled_by, redemption.settled_at = actor, timezone.now()
        redemption.save(update_fields=["status", "settled_by", "settled_at"])
        notify(
            recipients=_people(redemption.subject),
            kind="redemption_handed_over",
            title=Text(
                gettext_lazy("%(item)s ×%(quantity)s was handed over to %(subject)s"),
                {
                    "item": redemption.item.name,
                    "quantity": redemption.quantity,
                    "subject": redemption.subject.name,
                },
            ),
            link=page_of("Subject", redemption.subject_id),
            dedupe_key=f"redemption-handed-over:{redemption.pk}",
        )
    return redemption


def redemption_cancel(*, actor, redemption: Redemption, reason: str) -> Redemption:
    """Cancel a request that was not handed over: the points and the goods come back.
    The household's own people may cancel their request too."""
    own = actor.pk is not None and actor.pk in {u.pk for u in _people(redemption.subject)}
    if not own:
        policy.require(actor, Action.KEEP_SHOP, redemption.item.unit)
    if not reason.strip():
        raise ValidationFailed(_("say why the redemption is cancelled."), field="reason")
    with transaction.atomic():
        redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)
        if redemption.status == Redemption.Status.CANCELLED:
            return redemption
        if redemption.status == Redemption.Status.HANDED_OVER:
            raise RedemptionError(
                _("%(item)s was handed over already; a handed-over redemption cannot be cancelled.")
                % {"item": redemption.item.name}
            )
        item = ShopItem.objects.select_for_update().get(pk=redemption.item_id)
        redemption.status = Redemption.Status.CANCELLED
        redemption.settled_by, redemption.settled_at = actor, timezone.now()
        redemption.cancel_reason = reason.strip()
        redemption.save(update_fields=["status", "settled_by", "settled_at", "cancel_reason"])
        if item.stock is not None:
            _stock_change(actor=actor, item=item, change=redemption.quantity,
                          reason=_("redemption cancelled: %(reason)s") % {"reason": reason.strip()},
                          redemption=redemption)  # fmt: skip
        notify(
            recipients=_people(redemption.subject),
            kind="redemption_cancelled",
            title=Text(
                gettext_lazy("%(item)s cancelled; %(points)s points returned to %(subject)s"),
                {
                    "item": item.name,
                    "points": redemption.points,
                    "subject": redemption.subject.name,
                },
            ),
            link=page_of("Subject", redemption.subject_id),
            dedupe_key=f"redemption-cancelled:{redemption.pk}",
        )
    return redemption
