"""Declarations, boards, objections, period closes and filings.

The ledger holds the points; these tables hold where each declaration stands in the
procedure. Every step is also written to `Step`, so an entry's history reads as a timeline.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jifen.ledger.models import Checkpoint, Entry, Event
from jifen.org.models import OrgUnit
from jifen.rulebook.models import Ruleset
from jifen.subjects.models import Subject

USER = settings.AUTH_USER_MODEL


class DeclarationKind(models.TextChoices):
    SELF = "self", "自主申报 Self-declared"
    REPORT = "report", "他人举报 Reported by another member"
    RECORD = "record", "记分员/网格员记录 Recorded on behalf"


class DeclarationStatus(models.TextChoices):
    SUBMITTED = "submitted", "已申报 Submitted"
    ACCEPTED = "accepted", "初审通过 Accepted"
    REJECTED = "rejected", "初审驳回 Rejected"
    PUBLICISED = "publicised", "公示中 On the board"
    CONFIRMED = "confirmed", "已确认 Confirmed"
    WITHDRAWN = "withdrawn", "已撤销 Withdrawn after objection"


class Declaration(models.Model):
    key = models.CharField(max_length=200, unique=True, help_text="Idempotency key.")
    # What the declaration said when it was made; a retry with the key must say the same.
    payload_hash = models.CharField(max_length=64, blank=True)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="declarations")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="declarations")
    item = models.CharField(max_length=100)
    occurred_on = models.DateField()
    attributes = models.JSONField(default=dict, blank=True)
    quantity = models.DecimalField(max_digits=12, decimal_places=4, default=1)
    note = models.TextField(blank=True)
    place = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=DeclarationKind.choices)
    declared_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    declared_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=20, choices=DeclarationStatus.choices, default=DeclarationStatus.SUBMITTED
    )
    reviewed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(blank=True)
    event = models.OneToOneField(
        Event, on_delete=models.PROTECT, null=True, blank=True, related_name="declaration"
    )
    board = models.ForeignKey(
        "Board", on_delete=models.PROTECT, null=True, blank=True, related_name="declarations"
    )
    confirmed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # A branch secretary's own scores are countersigned by the superior organisation.
    countersign_required = models.BooleanField(default=False)
    countersigned_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, related_name="+"
    )
    countersigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["subject", "occurred_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.subject} · {self.occurred_on}"


def evidence_path(instance: Evidence, filename: str) -> str:
    """Files live under their tenant's folder with a random name (the original is kept in
    `original_name`), so storage never mixes tenants or trusts a user's file name."""
    import uuid
    from pathlib import PurePath

    from django.db import connection
    from django.utils import timezone

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{connection.schema_name}/evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A photo, scan or PDF backing a declaration, entry or objection (佐证材料)."""

    file = models.FileField(upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    objection = models.ForeignKey(
        "Objection", on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )

    def __str__(self) -> str:
        return self.original_name


class BoardKind(models.TextChoices):
    ENTRIES = "entries", "积分公示 Reviewed entries"
    RESULTS = "results", "结果公示 Period results"


class BoardStatus(models.TextChoices):
    OPEN = "open", "公示中 Open"
    CLOSED = "closed", "公示结束 Closed"


class Board(models.Model):
    """A notice board (公示栏) of one unit for a fixed number of days."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="boards")
    ruleset = models.ForeignKey(Ruleset, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=BoardKind.choices)
    covers_start = models.DateField()
    covers_end = models.DateField()
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closes_on = models.DateField(help_text="Last day of publicity.")
    # the day publicity was counted from (closes_on is counted again from it when a year's
    # holidays are entered, jifen.procedure.services.recount)
    counted_from = models.DateField(null=True, blank=True)
    public = models.BooleanField(default=False, help_text="Visible without signing in.")
    status = models.CharField(max_length=20, choices=BoardStatus.choices, default=BoardStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    # the signed ledger checkpoint of the (last) confirmation by the meeting
    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "ruleset", "kind", "covers_start", "covers_end"],
                name="one_board_per_unit_and_span",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()} {self.covers_start}…{self.covers_end}"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", "待答复 Awaiting answer"
    ANSWERED = "answered", "已答复 Answered"
    ESCALATED = "escalated", "已提交上级 Escalated"
    RESOLVED = "resolved", "已办结 Resolved"


class ObjectionOutcome(models.TextChoices):
    UPHELD = "upheld", "异议成立 Upheld"
    DISMISSED = "dismissed", "异议不成立 Dismissed"


class Objection(models.Model):
    """An objection (异议) or defence (申辩) against a declaration on a board, or against a
    subject's result of a closed period while the results are publicised (`close`)."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, null=True, blank=True, related_name="objections"
    )
    close = models.ForeignKey(
        "PeriodClose", on_delete=models.PROTECT, null=True, blank=True, related_name="objections"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="objections")
    raised_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()
    answer_due = models.DateField()
    due_counted_from = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    answer = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=ObjectionOutcome.choices, blank=True)
    answered_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    # Who must act now: the branch, then its superior, then one level further.
    handled_by = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="objections")
    escalation_level = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(declaration__isnull=False, close__isnull=True)
                | models.Q(declaration__isnull=True, close__isnull=False),
                name="objection_to_a_declaration_or_a_result",
            )
        ]

    def __str__(self) -> str:
        return f"objection to {self.declaration or f'the result of {self.subject}'}"


class CloseStatus(models.TextChoices):
    AWAITING_DECISION = "awaiting_decision", "待议定 Awaiting the committee's decision"
    CLOSED = "closed", "已结算 Closed, results publicised"
    FILED = "filed", "已报备 Filed with the superior"
    ACCEPTED = "accepted", "已接收 Accepted by the superior"
    RETURNED = "returned", "已退回 Returned for correction"
    REOPENED = "reopened", "重新核算 Reopened: an objection to the results was upheld"


class PeriodClose(models.Model):
    """A unit's period, closed: results computed from confirmed entries only."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="period_closes")
    ruleset = models.ForeignKey(Ruleset, on_delete=models.PROTECT, related_name="+")
    ruleset_version = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    closed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    closed_at = models.DateTimeField(auto_now_add=True)
    results_board = models.OneToOneField(
        Board, on_delete=models.PROTECT, null=True, related_name="period_close"
    )
    status = models.CharField(
        max_length=20, choices=CloseStatus.choices, default=CloseStatus.CLOSED
    )
    filed_with = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, related_name="filings"
    )
    filed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    filed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(blank=True, help_text="Why the superior returned it.")
    # the signed ledger checkpoint taken at filing: the superior receives it with the results
    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "ruleset", "period_start"], name="one_close_per_unit_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period_start}…{self.period_end}"


class DecisionStatus(models.TextChoices):
    OPEN = "open", "待议定 Open"
    DECIDED = "decided", "已议定 Decided"


class QuotaDecision(models.Model):
    """A tie across a quota's boundary that the committee decides (e.g. four members tied at
    100 for the last two 优秀 places); the close waits for it."""

    close = models.ForeignKey(PeriodClose, on_delete=models.CASCADE, related_name="decisions")
    key = models.CharField(max_length=120, help_text="The tie's key: <grade>:<scope>.")
    grade = models.CharField(max_length=50)
    scope = models.CharField(max_length=50, blank=True, help_text="A category, or all.")
    places = models.PositiveSmallIntegerField()
    rank = models.PositiveIntegerField()
    tied = models.ManyToManyField(Subject, related_name="+")
    status = models.CharField(
        max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    chosen = models.ManyToManyField(Subject, related_name="+", blank=True)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["close", "key"], name="one_decision_per_tie")
        ]

    def __str__(self) -> str:
        return f"{self.close}: {self.places} × {self.grade}"


class PeriodResult(models.Model):
    close = models.ForeignKey(PeriodClose, on_delete=models.CASCADE, related_name="results")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="results")
    category = models.CharField(max_length=50)
    total = models.DecimalField(max_digits=12, decimal_places=4, null=True)
    buckets = models.JSONField(default=dict)
    grade = models.CharField(max_length=50, blank=True)
    rank = models.PositiveIntegerField(null=True)
    stars = models.PositiveSmallIntegerField(null=True)
    vetoed = models.BooleanField(default=False)
    redeemable = models.BooleanField(default=True)
    flags = models.JSONField(default=list)
    explain = models.JSONField(default=list)
    # The ruleset's named formulas for this subject (a branch's members' average …).
    formulas = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["close", "subject"], name="one_result_per_close")
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.total} {self.grade}"


class ReportStatus(models.TextChoices):
    FILED = "filed", "已函告 Sent to the home organisation"
    ACCEPTED = "accepted", "已接收 Accepted"
    RETURNED = "returned", "已退回 Returned for correction"


class HostReport(models.Model):
    """A host organisation's quarterly report (函告) on the floating members it scores, to
    their home organisation (seed 000 §14): what counted for each of them in the quarter."""

    host_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="reports_sent")
    home_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="reports_received"
    )
    covers_start = models.DateField()
    covers_end = models.DateField()
    # [{subject, name, points, entries: [{occurred_on, item, bucket, points, rule}]}]
    lines = models.JSONField(default=list)
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.FILED
    )
    filed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["host_unit", "home_unit", "covers_start"], name="one_report_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.host_unit} → {self.home_unit} {self.covers_start}…{self.covers_end}"


class Step(models.Model):
    """One step of the procedure: who did what, when (append-only by convention and API)."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, null=True, related_name="steps"
    )
    objection = models.ForeignKey(
        Objection, on_delete=models.CASCADE, null=True, related_name="steps"
    )
    board = models.ForeignKey(Board, on_delete=models.CASCADE, null=True, related_name="steps")
    close = models.ForeignKey(
        PeriodClose, on_delete=models.CASCADE, null=True, related_name="steps"
    )
    report = models.ForeignKey(
        HostReport, on_delete=models.CASCADE, null=True, related_name="steps"
    )
    action = models.CharField(max_length=50)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class WhatIfStatus(models.TextChoices):
    QUEUED = "queued", "排队中 Queued"
    RUNNING = "running", "计算中 Running"
    DONE = "done", "已完成 Done"
    FAILED = "failed", "失败 Failed"


class WhatIf(models.Model):
    """A draft replayed over a unit's period, beside what the version in force gave: per
    subject the old and new total, grade and rank, and the items that moved. Nothing is
    booked; the rows are the answer."""

    version = models.ForeignKey(
        "rulebook.RulesetVersion", on_delete=models.CASCADE, related_name="+"
    )
    # The draft as it was asked about: a draft may be saved again while this runs.
    document = models.JSONField()
    content_hash = models.CharField(max_length=64)
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(
        max_length=20, choices=WhatIfStatus.choices, default=WhatIfStatus.QUEUED
    )
    events_total = models.PositiveIntegerField(default=0)
    events_done = models.PositiveIntegerField(default=0)
    # [{subject, name, old: {total, grade, rank}, new: {…}, tie, items: [{item, old, new}]}]
    rows = models.JSONField(default=list)
    # [{item, count, message}]: events the draft cannot evaluate (an item it dropped …)
    skipped = models.JSONField(default=list)
    compared_with = models.CharField(
        max_length=200, blank=True, help_text="The version the old results come from."
    )
    old_from_close = models.BooleanField(
        default=False, help_text="The old results are the closed period's published ones."
    )
    failure = models.TextField(blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"what-if {self.version} on {self.unit} {self.period_start} ({self.status})"


class CheckInSession(models.Model):
    """A meeting or activity open for check-in by QR code (三会一课, 主题党日, a village's
    public labour, a training): members scan a short-lived signed token and are checked in
    once each; at closing, the check-ins become the meeting's attendance list."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="check_in_sessions")
    title = models.CharField(max_length=200)
    occurred_on = models.DateField()
    present_item = models.CharField(max_length=100, blank=True)
    absent_item = models.CharField(max_length=100)
    # a random value in the token: a new session's token never matches an old one
    nonce = models.CharField(max_length=32)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.title} ({self.occurred_on})"


class CheckIn(models.Model):
    """One member checked in at a session (one per member), with an optional photo."""

    session = models.ForeignKey(CheckInSession, on_delete=models.CASCADE, related_name="check_ins")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="check_ins")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    photo = models.ForeignKey(
        Evidence, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "subject"], name="one_check_in_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.subject} @ {self.session}"
