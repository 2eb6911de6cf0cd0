"""Celery on Redis; the app itself is `workers.app`."""

from jifen.settings import env
from jifen.settings.lifecycle import CELERY_TASK_TIME_LIMIT

CELERY_BROKER_URL = env.redis_url()
CELERY_RESULT_BACKEND = env.redis_url()
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
# Nothing waits on a task's return value: every job reports through its own row (import
# jobs, deadlines, what-if runs, exports). Keeping results would subscribe each sending web
# process to a result channel per task, and with Redis down that subscription retries for
# about 20 s inside the request that queued the task.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Tasks are acknowledged after they ran (acks_late): a message whose worker died unacked
# is delivered again once `visibility_timeout` has passed since it was taken. It is longer
# than any task may run (the hard time limit, plus a margin), so no running task is
# delivered twice, and short enough that a killed worker's tasks run again within minutes:
# every worker looks for such messages every `unacked_restore_interval` seconds (throttle 1:
# each look scans). A prefetch of 1 keeps a worker from holding tasks it has not started.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_TASK_TIME_LIMIT
    + env.env.int("JIFEN_BROKER_VISIBILITY_MARGIN", default=60),
    "unacked_restore_interval": env.env.int("JIFEN_BROKER_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": 1,
}
# durable-rules cannot unload a compiled ruleset: recycle processes to bound memory.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.CELERY_MAX_TASKS_PER_CHILD
CELERY_WORKER_SEND_TASK_EVENTS = True
CELERY_TASK_SEND_SENT_EVENT = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE_FILENAME = str(env.embedded.data_dir() / "celerybeat-schedule")
# The worker's main process serves Prometheus metrics here (0 disables).
JIFEN_WORKER_METRICS_PORT = env.WORKER_METRICS_PORT
# eventsImport requests with more events are booked by a worker, polled by the client.
JIFEN_IMPORT_JOB_THRESHOLD = env.IMPORT_JOB_THRESHOLD
