"""Stored rulesets and their versions."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from jifen.org.models import OrgUnit


class Ruleset(models.Model):
    """A scheme's rules as one tenant runs them; its versions carry the content."""

    code = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    forked_from = models.CharField(
        max_length=200, blank=True, help_text="Template file this ruleset started from."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.code


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "草稿 Draft"
    PUBLISHED = "published", "已发布 Published"


class RulesetVersion(models.Model):
    """One version. A draft is editable; a published version never changes (a database
    trigger refuses it) and applies from `effective_from` on."""

    ruleset = models.ForeignKey(Ruleset, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    text = models.TextField(help_text="The YAML document as written.")
    document = models.JSONField(help_text="The parsed document (before `extends` is merged).")
    content_hash = models.CharField(max_length=64)
    effective_from = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ruleset", "number"], name="unique_version_number"),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(effective_from__isnull=False),
                name="published_version_has_effective_date",
            ),
        ]
        indexes = [models.Index(fields=["ruleset", "status", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.ruleset.code} v{self.number}"

    @property
    def label(self) -> str:
        return f"v{self.number}"


ALWAYS = date(2000, 1, 1)  # assignments made before they had dates apply from the start


class RulesetAssignment(models.Model):
    """The ruleset that scores subjects homed (or hosted) under `unit` from `effective_from`
    (until `effective_until`, inclusive, if set); the nearest assigned ancestor wins, so a
    county template can be overridden by one branch. A unit may have next year's assignment
    already, beside this year's: each applies on its own dates."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="ruleset_assignments")
    ruleset = models.ForeignKey(Ruleset, on_delete=models.PROTECT, related_name="assignments")
    subject_kind = models.CharField(max_length=20, default="person")
    effective_from = models.DateField(default=ALWAYS)
    effective_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "subject_kind", "effective_from"],
                name="one_ruleset_per_unit_kind_and_start",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_until__isnull=True)
                | models.Q(effective_until__gte=models.F("effective_from")),
                name="assignment_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.ruleset}"
