from django.conf import settings
from django.db import models

from jifen.org.models import OrgUnit
from jifen.rulebook.models import Ruleset
from jifen.subjects.models import Subject


class ShopItem(models.Model):
    """Goods or a service offered by a unit's points shop to the subjects under it."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="shop_items")
    name = models.CharField(max_length=200)
    points = models.DecimalField(max_digits=12, decimal_places=2)
    stock = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: unlimited.")
    low_stock_at = models.PositiveIntegerField(
        null=True, blank=True, help_text="Warn the shop keepers when stock falls to this."
    )
    photo = models.ForeignKey(
        "procedure.Evidence", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="An uploaded file (the evidence upload), shown in the catalogue.",
    )  # fmt: skip
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.points} 分)"

    @property
    def low_stock(self) -> bool:
        return (
            self.stock is not None
            and self.low_stock_at is not None
            and self.stock <= self.low_stock_at
        )


class StockChange(models.Model):
    """One change of an item's stock: who, by how much, why. Stock is their running sum."""

    item = models.ForeignKey(ShopItem, on_delete=models.PROTECT, related_name="stock_changes")
    change = models.IntegerField()
    stock_after = models.PositiveIntegerField()
    reason = models.CharField(max_length=300)
    redemption = models.ForeignKey(
        "Redemption", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item.name} {self.change:+d}: {self.reason}"


class ExchangeWindow(models.Model):
    """Dates the shop of a unit is open (兑换日); with none, it is always open."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="exchange_windows")
    opens_on = models.DateField()
    closes_on = models.DateField()

    class Meta:
        ordering = ["opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="window_in_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.opens_on}–{self.closes_on}"


class PickupPoint(models.Model):
    """Where redeemed goods are handed over."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="pickup_points")
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class Redemption(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", "已申请 Requested"
        READY = "ready", "待领取 Ready for pickup"
        HANDED_OVER = "handed_over", "已领取 Handed over"
        CANCELLED = "cancelled", "已取消 Cancelled"

    key = models.CharField(max_length=200, unique=True, help_text="Idempotency key.")
    payload_hash = models.CharField(max_length=64, blank=True)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="redemptions")
    ruleset = models.ForeignKey(Ruleset, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    item = models.ForeignKey(ShopItem, on_delete=models.PROTECT, related_name="redemptions")
    quantity = models.PositiveIntegerField(default=1)
    points = models.DecimalField(max_digits=12, decimal_places=2)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    pickup_point = models.ForeignKey(
        PickupPoint, null=True, blank=True, on_delete=models.PROTECT, related_name="redemptions"
    )
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    redeemed_at = models.DateTimeField(auto_now_add=True)
    redeemed_on = models.DateField(null=True, blank=True, help_text="The shop day it counts on.")
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    settled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["subject", "ruleset", "period_start"])]

    def __str__(self) -> str:
        return f"{self.subject} {self.item} ×{self.quantity}"
