from django.conf import settings
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
    # an upheld appeal sets the grade while the facts still give the grade it contested
    override_grade = models.CharField(max_length=20, blank=True)
    override_from = models.CharField(max_length=20, blank=True)
    # last year's closing grade (the yearly adjustment), held until an on-site inspection
    # this year scores the dynamic factors again
    carried_grade = models.CharField(max_length=20, blank=True)
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


class GradeReason(models.TextChoices):
    LICENCE = "licence", "许可档案静态评分 Licence file assessed"
    INSPECTION = "inspection", "监督检查 Inspection recorded"
    CONFIRMED = "confirmed", "记分或检查经确认 Entries confirmed"
    CORRECTED = "corrected", "更正 Entries corrected"
    YEARLY = "yearly", "年度调整 Yearly adjustment"
    APPEAL = "appeal", "申诉成立 Appeal upheld"
    RECOMPUTED = "recomputed", "重新计算 Recomputed"


class LicenceAssessment(models.Model):
    """The static factors of a business, item by item from its licence file (l.477); its
    total is booked as the period's `static_assessment` through the ledger."""

    key = models.CharField(max_length=200, unique=True)
    payload_hash = models.CharField(max_length=64)
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="licence_assessments"
    )
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    business_type = models.CharField(max_length=100, blank=True)
    # [{code, title, group, value, points}] as the ruleset's static table scored them
    lines = models.JSONField(default=list)
    total = models.DecimalField(max_digits=8, decimal_places=2)
    event = models.ForeignKey("ledger.Event", on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} {self.assessed_on}: {self.total}"


class Inspection(models.Model):
    """An inspector's on-site inspection: the dynamic checklist answered item by item
    (l.479), findings, photos and the representative's signature (or why it is missing)."""

    key = models.CharField(max_length=200, unique=True)
    payload_hash = models.CharField(max_length=64)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="inspections")
    inspected_on = models.DateField()
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # [{code, title, group, result: pass|fail|not_applicable, points}]; `points` counts on fail
    checklist = models.JSONField(default=list)
    findings = models.TextField(blank=True)
    photos = models.ManyToManyField("procedure.Evidence", related_name="+", blank=True)
    signature = models.ForeignKey(
        "procedure.Evidence", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signature_refused = models.TextField(
        blank=True, help_text="Why the representative did not sign (l.479)."
    )
    dynamic_total = models.DecimalField(max_digits=8, decimal_places=2)
    event = models.ForeignKey("ledger.Event", on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-inspected_on", "-pk"]
        indexes = [models.Index(fields=["subject", "inspected_on"])]

    def __str__(self) -> str:
        return f"{self.subject} {self.inspected_on}: {self.dynamic_total}"


class GradeAppealStatus(models.TextChoices):
    OPEN = "open", "待答复 Open"
    UPHELD = "upheld", "成立 Upheld"
    REJECTED = "rejected", "不成立 Rejected"


class GradeAppeal(models.Model):
    """A business contests its grade within the ruleset's `appeal_days`; answered like an
    objection (an answer due in working days, a deadline row, a timeline)."""

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="grade_appeals")
    risk_grade = models.ForeignKey(RiskGrade, on_delete=models.PROTECT, related_name="appeals")
    contested_grade = models.CharField(max_length=20)
    requested_grade = models.CharField(max_length=20, blank=True)
    reason = models.TextField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    handled_by = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+")
    answer_due = models.DateField()
    status = models.CharField(
        max_length=20, choices=GradeAppealStatus.choices, default=GradeAppealStatus.OPEN
    )
    answer = models.TextField(blank=True)
    new_grade = models.CharField(max_length=20, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} {self.contested_grade}: {self.status}"


class GradeChange(models.Model):
    """One step of a business's grade timeline, with the fact that caused it."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="grade_changes")
    period_start = models.DateField()
    from_grade = models.CharField(max_length=20, blank=True)
    to_grade = models.CharField(max_length=20)
    total = models.DecimalField(max_digits=12, decimal_places=4, null=True)
    reason = models.CharField(max_length=20, choices=GradeReason.choices)
    flags = models.JSONField(default=list)
    inspection = models.ForeignKey(
        Inspection, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    appeal = models.ForeignKey(GradeAppeal, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.subject}: {self.from_grade or '—'} → {self.to_grade} ({self.reason})"


class PlannedInspection(models.Model):
    """One dated inspection of a plan, on a working day, assigned to an inspector of the
    business's station; done once the business has as many inspections in the year."""

    plan = models.ForeignKey("InspectionPlan", on_delete=models.CASCADE, related_name="visits")
    seq = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "seq"]
        constraints = [models.UniqueConstraint(fields=["plan", "seq"], name="one_visit_per_seq")]

    def __str__(self) -> str:
        return f"{self.plan} #{self.seq} {self.due_on}"
