"""One module per job; each task sets nothing but calls one service."""

from workers.tasks.ops import complete_worker_check_task
from workers.tasks.tenants import provision_tenant_task

__all__ = ["complete_worker_check_task", "provision_tenant_task"]
