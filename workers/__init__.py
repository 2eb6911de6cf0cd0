"""Celery workers: the one tenant-aware app, its beat schedule and the tasks."""
