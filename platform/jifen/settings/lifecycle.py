"""Worker and beat lifecycle: heartbeats for their probes, and the longest a task may run.

`CELERY_TASK_TIME_LIMIT` is the bound the worker's `terminationGracePeriodSeconds` is matched
to (k8s/base/worker.yaml, checked by tests/ops): on SIGTERM Celery stops taking tasks and lets
the running ones finish (warm shutdown), and no task outlives the limit, so a pod given the limit
plus a margin never kills a task half-way. One that is killed anyway (OOM, node loss) is
redelivered, since tasks are acknowledged late and idempotent.
"""

from jifen.settings import env

# Beat writes its heartbeat after every tick; this bounds the time between two ticks.
CELERY_BEAT_SCHEDULER = "workers.heartbeat:HeartbeatScheduler"
CELERY_BEAT_MAX_LOOP_INTERVAL = env.env.float("JIFEN_BEAT_MAX_INTERVAL", default=30.0)
CELERY_TASK_TIME_LIMIT = env.env.int("JIFEN_TASK_TIME_LIMIT", default=300)
# The soft limit raises SoftTimeLimitExceeded inside the task first, so it can roll back cleanly.
CELERY_TASK_SOFT_TIME_LIMIT = max(1, CELERY_TASK_TIME_LIMIT - 30)
