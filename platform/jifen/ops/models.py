from django.conf import settings
from django.db import models


class WorkerCheck(models.Model):
    """A round trip through the task queue, proving this tenant's jobs are being run."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    worker_host = models.CharField(max_length=200, blank=True)
    worker_pid = models.IntegerField(null=True, blank=True)
    # The schema the worker's connection was in: must equal this tenant's.
    worker_schema = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"worker check {self.pk}"
