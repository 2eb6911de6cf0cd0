"""Events, accounts and entries.

Invariants:
- one Event per idempotency key (a unique index), whatever retries or concurrent imports do;
- entries are never updated or deleted (PostgreSQL triggers refuse it); a correction is a
  reversing entry naming the entry it reverses and who decided it;
- entries of an account form a chain: `hash = sha256(prev_hash | fields)`, `seq` 1, 2, 3 …
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jifen.rulebook.models import Ruleset, RulesetVersion
from jifen.subjects.models import Subject

POINTS = {"max_digits": 12, "decimal_places": 4}


class Account(models.Model):
    """A subject's points in one period of one ruleset."""

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="accounts")
    ruleset = models.ForeignKey(Ruleset, on_delete=models.PROTECT, related_name="accounts")
    period_start = models.DateField()
    period_end = models.DateField()
    # The chain's head, kept under the account row's lock so appends are serialised.
    last_seq = models.PositiveIntegerField(default=0)
    head_hash = models.CharField(max_length=64, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "ruleset", "period_start"], name="one_account_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.period_start}…{self.period_end}"


class Source(models.TextChoices):
    DECLARATION = "declaration", "申报 Declaration"
    ATTENDANCE = "attendance", "考勤 Attendance list"
    IMPORT = "import", "导入 Bulk import"
    API = "api", "接口 API"
    WORKER = "worker", "系统 Scheduled job"


class Event(models.Model):
    key = models.CharField(max_length=200, unique=True, help_text="Idempotency key.")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="events")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="events")
    item = models.CharField(max_length=100)
    occurred_on = models.DateField()
    attributes = models.JSONField(default=dict, blank=True)
    quantity = models.DecimalField(max_digits=12, decimal_places=4, default=1)
    source = models.CharField(max_length=20, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    ruleset_version = models.ForeignKey(RulesetVersion, on_delete=models.PROTECT, related_name="+")
    # What the event said, hashed: a retry with the same key must say the same thing.
    payload_hash = models.CharField(max_length=64)
    explanation = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.item} · {self.subject} · {self.occurred_on}"


class Entry(models.Model):
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    seq = models.PositiveIntegerField()
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="entries", null=True)
    occurred_on = models.DateField()
    item = models.CharField(max_length=100)
    bucket = models.CharField(max_length=50, blank=True, help_text="Empty for a veto marker.")
    points = models.DecimalField(**POINTS)
    raw_points = models.DecimalField(**POINTS)
    rule = models.TextField()
    ruleset_version = models.CharField(max_length=200)
    group = models.CharField(max_length=200, blank=True)
    veto = models.CharField(max_length=50, blank=True)
    escalation = models.CharField(max_length=100, blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "seq"], name="entry_seq_per_account")
        ]
        indexes = [models.Index(fields=["account", "occurred_on"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.item} {self.points:+}"
