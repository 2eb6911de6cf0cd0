from django.db import models

from jifen.org.models import OrgUnit


class UnitDashboard(models.Model):
    """Figures of a unit's subtree for the period containing `as_of`."""

    unit = models.OneToOneField(OrgUnit, on_delete=models.CASCADE, related_name="dashboard")
    as_of = models.DateField()
    subjects = models.PositiveIntegerField(default=0)
    declarations = models.JSONField(default=dict, help_text="Count by status this period.")
    objections_open = models.PositiveIntegerField(default=0)
    events = models.PositiveIntegerField(default=0)
    # What counts this calendar year (confirmed, not reversed): the ledger's one read.
    points_counted = models.DecimalField(max_digits=14, decimal_places=4, default=0)
    redeemers = models.PositiveIntegerField(default=0)
    # 村民积分兑换人数占比 ≥ 30% is a demonstration-village criterion (seed 000 §17).
    redeemer_share = models.DecimalField(max_digits=6, decimal_places=4, default=0)
    # The charts' figures (jifen.dashboards.figures): grades, buckets, months, late units,
    # fairness and the unit's own members, precomputed so that no request scans the ledger.
    figures = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.unit} @ {self.as_of}"
