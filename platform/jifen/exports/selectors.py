"""Reads of the exports slice: how far a file being built has got."""

from __future__ import annotations

from django.core.cache import cache

from jifen.exports.models import ExportJob, ExportStatus


def progress_key(job_id: int) -> str:
    """The cache key the building task counts its written rows under."""
    return f"exports:{job_id}:progress"


def export_rows_written(*, job: ExportJob) -> int:
    """Rows in the finished file, or written so far while it is being built."""
    if job.status == ExportStatus.DONE:
        return job.rows
    return int(cache.get(progress_key(job.pk)) or 0)
