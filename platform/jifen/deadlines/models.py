from django.conf import settings
from django.db import models


class DeadlineStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DONE = "done", "Done"
    FAILED = "failed", "Failed (needs an operator)"


class Deadline(models.Model):
    kind = models.CharField(max_length=50)
    # Scheduling the same deadline twice is a no-op: the key names the real-world moment.
    key = models.CharField(max_length=300, unique=True)
    due_at = models.DateTimeField()
    payload = models.JSONField(default=dict)
    status = models.CharField(
        max_length=20, choices=DeadlineStatus.choices, default=DeadlineStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} due {self.due_at:%Y-%m-%d %H:%M}"


class LocalDayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "上班"


class LocalDay(models.Model):
    """A tenant's own day off (a local festival) or working day, over the official calendar
    (`jifen.holidays`) for every deadline the tenant counts."""

    day = models.DateField(unique=True)
    kind = models.CharField(max_length=10, choices=LocalDayKind.choices)
    name = models.CharField(max_length=50)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.name}"
