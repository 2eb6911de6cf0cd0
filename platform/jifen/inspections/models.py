from django.db import models

from jifen.subjects.models import Subject


class RiskGrade(models.Model):
    """A business's current risk grade in a period, recomputed after every inspection or
    violation; public (the grade is displayed at the shop)."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="risk_grades")
    period_start = models.DateField()
    grade = models.CharField(max_length=20, blank=True)
    total = models.DecimalField(max_digits=12, decimal_places=4, null=True)
    flags = models.JSONField(default=list)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subject", "period_start"], name="one_grade_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.grade}"


class InspectionPlan(models.Model):
    """How many inspections a business needs next year (from its grade), and when."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="inspection_plans")
    year = models.PositiveIntegerField()
    grade = models.CharField(max_length=20)
    required = models.PositiveSmallIntegerField()
    planned_on = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subject", "year"], name="one_plan_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.year}: {self.required}"
