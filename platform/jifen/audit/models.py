"""The audit log: who changed what, from what, to what, and when.

One row per administrative change (rulesets, role grants, direct bookings, corrections;
in the public schema: tenants). Rows are only ever added (a PostgreSQL trigger refuses
UPDATE and DELETE), so the log cannot be tidied after the fact.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditRecord(models.Model):
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=60, help_text="e.g. ruleset.publish, role.grant")
    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=60, blank=True)
    target = models.CharField(max_length=300, blank=True, help_text="What it was, readably.")
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["at"]),
        ]
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"
