"""What a points account belongs to."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jifen.org.models import OrgUnit


class SubjectKind(models.TextChoices):
    PERSON = "person", "个人 Person"
    HOUSEHOLD = "household", "农户 Household"
    BUSINESS = "business", "经营主体 Business"
    UNIT = "unit", "组织 Org unit"


class Subject(models.Model):
    """A scored party: its category selects items and thresholds in the ruleset.

    `home_unit` owns the record; `host_unit` is where a floating member (流动党员) is
    actually scored, reporting back to the home unit.
    """

    kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    name = models.CharField(max_length=200)
    # The outside world's key of a household (户编号) or a business (licence number): what
    # an import matches rows on. People are matched on their ID card instead.
    code = models.CharField(max_length=60, blank=True)
    # Ruleset category code, e.g. "full", "probationary", "floating", "cadre", "A".
    category = models.CharField(max_length=50, blank=True)
    exempt_reason = models.TextField(
        blank=True, help_text="Approved exemption from assessment (old, ill, away)."
    )
    home_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="home_subjects")
    host_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="hosted_subjects", null=True, blank=True
    )
    represents_unit = models.OneToOneField(
        OrgUnit, on_delete=models.CASCADE, related_name="as_subject", null=True, blank=True
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="subject",
        null=True,
        blank=True,
    )
    household = models.ForeignKey(
        "self", on_delete=models.SET_NULL, related_name="members", null=True, blank=True
    )
    # The ID-card number is kept only as an HMAC keyed by a secret outside the database
    # (`jifen.subjects.identity`), so a copy of the database does not reveal it; the last
    # four characters are what light sign-in and people read.
    id_card_hash = models.CharField(max_length=64, blank=True, db_index=True)
    id_card_last4 = models.CharField(max_length=4, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    exempt_approved_by = models.CharField(
        max_length=100, blank=True, help_text="Who approved the exemption (name or body)."
    )
    exempt_approved_on = models.DateField(null=True, blank=True)
    joined_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    # Ruleset-visible facts: role (class officer, cadre), licence data, address, scale …
    attributes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "category"]),
            models.Index(fields=["kind", "code"]),
        ]
        constraints = [
            # One record per person: the import and the admin find people by their ID card.
            models.UniqueConstraint(
                fields=["id_card_hash"],
                condition=~models.Q(id_card_hash=""),
                name="one_subject_per_id_card",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="unit") | models.Q(represents_unit__isnull=False),
                name="unit_subject_names_its_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_exempt(self) -> bool:
        return bool(self.exempt_reason)

    @property
    def scoring_unit(self) -> OrgUnit:
        """Where the subject is scored: the host unit of a floating member, else home."""
        return self.host_unit or self.home_unit


class SubjectMove(models.Model):
    """A household (or person) moved to another unit of the same township; its accounts
    stay with the subject, so the history and the balance move along."""

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="moves")
    from_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    moved_on = models.DateField()
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    moved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["moved_at", "pk"]

    def __str__(self) -> str:
        return f"{self.subject}: {self.from_unit} → {self.to_unit}"


class LoginCode(models.Model):
    """A one-time sign-in code sent to a member: only a keyed hash is kept; it lives a few
    minutes, works once, and is burnt after a few wrong tries."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="login_codes")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["subject", "created_at"])]

    def __str__(self) -> str:
        return f"code for subject {self.subject_id}"
