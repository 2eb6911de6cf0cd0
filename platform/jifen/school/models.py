"""Parents (家长) of pupils: who may read one pupil's points and reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jifen.subjects.models import Subject


class Guardian(models.Model):
    """A parent's user linked to their child's pupil record, granted by an administrator.

    The link is the parent's whole access: it holds over one pupil, never over a unit, so a
    parent sees their own child and nobody else in the class (seed 004 第二篇 附說明 5: the
    monthly points are reported to the parents, who write a comment)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guardianships"
    )
    pupil = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="guardians")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "pupil"], name="one_link_per_parent_and_pupil")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.pupil}"
