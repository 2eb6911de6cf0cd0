"""The one tenant-aware Celery app.

tenant-schemas-celery puts the sender's schema in a message header and switches the
worker's connection to it before the task runs. `JifenTask` adds the guard the library
lacks: a tenant task sent from the public schema would silently run in `public`, so we
refuse to send it.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jifen.settings")

from celery.signals import task_postrun, task_prerun, worker_init, worker_process_init
from django.db import connection
from tenant_schemas_celery.app import CeleryApp
from tenant_schemas_celery.task import TenantTask

from workers.heartbeat import heartbeats_install


class PublicSchemaTaskError(RuntimeError):
    pass


class JifenTask(TenantTask):
    abstract = True
    #: False for fan-outs and platform jobs that deliberately run in the public schema.
    tenant_scoped = True

    def apply_async(self, args=None, kwargs=None, **options):
        headers = options.get("headers") or {}
        schema = headers.get("_schema_name", connection.schema_name)
        if self.tenant_scoped and schema == "public":
            raise PublicSchemaTaskError(
                f"{self.name} is a tenant task but was sent from the public schema; "
                "send it inside schema_context(<tenant>) or from a tenant request."
            )
        return super().apply_async(args, kwargs, **options)


app = CeleryApp("jifen", task_cls=JifenTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["workers"], related_name="tasks", force=True)
heartbeats_install(app)  # worker liveness and readiness files for the probes (jifen.probe)
# The one beat: a frequent sweep of due deadline rows and an hourly planning pass.
app.conf.beat_schedule = {
    "sweep-deadlines": {"task": "deadlines.sweep_all", "schedule": 30.0},
    "plan-deadlines": {"task": "deadlines.plan_all", "schedule": 3600.0},
    "sweep-notifications": {"task": "notifications.sweep_all", "schedule": 60.0},
    "refresh-dashboards": {"task": "dashboards.refresh_all", "schedule": 300.0},
    # signed chain heads (jifen.ledger.checkpoints): a rewrite shows against the last one
    "sign-ledger-checkpoints": {"task": "ledger.checkpoint_all", "schedule": 900.0},
}


@task_prerun.connect
def _bind_tenant(task_id=None, task=None, **_kwargs) -> None:
    from jifen import metrics
    from jifen.observability import bind_tenant

    bind_tenant(connection.schema_name)
    metrics.task_started(task_id=task_id, tenant=connection.schema_name)


@task_postrun.connect
def _task_metrics(task_id=None, task=None, state=None, **_kwargs) -> None:
    from jifen import metrics

    metrics.task_finished(task_id=task_id, task=task.name, state=state)


@worker_init.connect
def _serve_metrics(**_kwargs) -> None:
    # In the main process, before the pool forks: children inherit the metrics folder.
    from django.conf import settings

    from jifen.metrics_multiprocess import multiprocess_dir_prepare

    multiprocess_dir_prepare()
    from jifen import metrics

    metrics.worker_metrics_start(settings.JIFEN_WORKER_METRICS_PORT)


@worker_process_init.connect
def _fresh_connections(**_kwargs) -> None:
    # A forked child must not share the parent's database socket.
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        conn.close()
