"""Events, accounts and entries.

Invariants:
- one Event per idempotency key (a unique index), whatever retries or concurrent imports do;
- events and entries are written once, complete, and never updated or deleted (PostgreSQL
  triggers refuse it); a correction is a reversing entry naming the entry it reverses and
  who decided it; a confirmation is an entry of its own;
- entries of an account form a chain: `hash = sha256(prev_hash | fields)`, `seq` 1, 2, 3 …;
  each entry chains its event's digest, so what decided the points (item, quantity,
  attributes, date, version, the context the engine saw) is in the chain too;
- what counts is one view (`StandingEntry`, `confirmed`): booked, neither reversed nor a
  reversal, and confirmed unless it was booked without review.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

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
    """One recorded fact and how the ruleset evaluated it; written once, complete."""

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
    # `str(VersionKey)`: tenant/ruleset/version/hash of the effective document it ran on.
    version_key = models.CharField(max_length=200, blank=True)
    # The EvaluationContext the engine saw, so the evaluation can be replayed exactly.
    context = models.JSONField(default=dict, blank=True)
    # Declared events count once confirmed (a confirmation entry); direct bookings at once.
    needs_confirmation = models.BooleanField(default=False)
    # What the event said, hashed: a retry with the same key must say the same thing.
    payload_hash = models.CharField(max_length=64)
    explanation = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # sha256 of every column above (`chain.event_digest`); each of its entries chains it.
    digest = models.CharField(max_length=64, blank=True)
    # The event this one re-evaluates under a version published retroactively: the earlier
    # one's entries are reversed, the fact is booked again under the new version.
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )

    def __str__(self) -> str:
        return f"{self.item} · {self.subject} · {self.occurred_on}"


class EntryKind(models.TextChoices):
    BOOKING = "booking", "记分 Booking"
    CONFIRMATION = "confirmation", "确认 Confirmation"


class Entry(models.Model):
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=EntryKind.choices, default=EntryKind.BOOKING)
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
    event_digest = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "seq"], name="entry_seq_per_account")
        ]
        indexes = [models.Index(fields=["account", "occurred_on"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.item} {self.points:+}"


class StandingEntry(models.Model):
    """A booking entry that stands: neither reversed nor itself a reversal (a database
    view, `ledger_standing_entry`). `confirmed` says whether it counts: its event was booked
    without review, or has a confirmation entry. The one definition of what counts."""

    entry = models.OneToOneField(
        Entry, on_delete=models.DO_NOTHING, primary_key=True, db_column="id", related_name="+"
    )
    account = models.ForeignKey(Account, on_delete=models.DO_NOTHING, related_name="standing")
    seq = models.PositiveIntegerField()
    event = models.ForeignKey(Event, on_delete=models.DO_NOTHING, related_name="+")
    event_key = models.CharField(max_length=200)
    subject = models.ForeignKey(Subject, on_delete=models.DO_NOTHING, related_name="+")
    occurred_on = models.DateField()
    item = models.CharField(max_length=100)
    bucket = models.CharField(max_length=50)
    points = models.DecimalField(**POINTS)
    raw_points = models.DecimalField(**POINTS)
    rule = models.TextField()
    group = models.CharField(max_length=200)
    veto = models.CharField(max_length=50)
    escalation = models.CharField(max_length=100)
    confirmed = models.BooleanField()

    class Meta:
        managed = False
        db_table = "ledger_standing_entry"

    def __str__(self) -> str:
        return f"#{self.seq} {self.item} {self.points:+}"


class ImportJob(models.Model):
    """A large import booked by a worker: the request answers with the job at once (no web
    worker timeout) and the client polls it. All or nothing like any import: `done` with
    the counts, or `failed` with the refusals (the failing line named)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队 Queued"
        RUNNING = "running", "进行中 Running"
        DONE = "done", "完成 Done"
        FAILED = "failed", "失败 Failed"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    # The requester's language: the refusals are worded in it.
    language = models.CharField(max_length=20, blank=True)
    total = models.PositiveIntegerField()
    # The events as sent (key, subject_id, item, occurred_on, attributes, quantity).
    items = models.JSONField()
    created = models.PositiveIntegerField(null=True, blank=True)
    duplicates = models.PositiveIntegerField(null=True, blank=True)
    errors = models.JSONField(default=list, blank=True)  # [{field, code, message}]

    def __str__(self) -> str:
        return f"import {self.pk} ({self.status}, {self.total} events)"


class Checkpoint(models.Model):
    """A signed record of every account's chain head at one moment (`checkpoints.py`).

    Not append-only like the entries, and it needs not be: without the signing key, which
    the database never holds, nobody can write a checkpoint that verifies, so rewriting a
    chain (even with the triggers disabled and every hash recomputed) shows against the
    last checkpoint signed before it. Each checkpoint signs the previous one's signature,
    so removing one in the middle shows too.
    """

    created_at = models.DateTimeField()
    key_id = models.CharField(max_length=40)
    # {"<account id>": [last_seq, head_hash], …} as of created_at
    heads = models.JSONField()
    previous = models.CharField(max_length=64, blank=True)
    signature = models.CharField(max_length=64)
    # why it was signed: "periodic" (beat), "manual" (CLI), "board_confirmed", "period_filed"
    reason = models.CharField(max_length=40, blank=True)
    # {"<anchored table>": {"upto": max pk, "buckets": {"<pk // 256>": [rows, sha256]}}}:
    # declarations, events and the timeline as they stood (`checkpoints.anchor_register`)
    anchors = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"checkpoint {self.pk} {self.created_at:%Y-%m-%d %H:%M} ({self.key_id})"
