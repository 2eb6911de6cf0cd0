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
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.points} 分)"


class Redemption(models.Model):
    key = models.CharField(max_length=200, unique=True, help_text="Idempotency key.")
    payload_hash = models.CharField(max_length=64, blank=True)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="redemptions")
    ruleset = models.ForeignKey(Ruleset, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    item = models.ForeignKey(ShopItem, on_delete=models.PROTECT, related_name="redemptions")
    quantity = models.PositiveIntegerField(default=1)
    points = models.DecimalField(max_digits=12, decimal_places=2)
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    redeemed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["subject", "ruleset", "period_start"])]

    def __str__(self) -> str:
        return f"{self.subject} {self.item} ×{self.quantity}"
