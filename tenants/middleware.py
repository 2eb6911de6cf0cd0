"""Host-name routing that also refuses suspended or half-provisioned tenants."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django_tenants.middleware.main import TenantMainMiddleware

from jifen.observability import bind_tenant
from tenants.models import Status


class TenantMiddleware(TenantMainMiddleware):
    def no_tenant_found(self, request: HttpRequest, hostname: str):
        return JsonResponse(
            {
                "error": "unknown_tenant",
                "message": f"No tenant is served at {hostname!r}.",
                "hint": "Use <tenant-slug>.<base domain>, e.g. http://county.localhost:8000/.",
            },
            status=404,
        )

    def process_request(self, request: HttpRequest):
        response = super().process_request(request)
        if response is not None:
            return response
        tenant = request.tenant
        bind_tenant(tenant.schema_name)
        if tenant.schema_name != "public" and tenant.status != Status.ACTIVE:
            return JsonResponse(
                {
                    "error": f"tenant_{tenant.status}",
                    "message": f"Tenant {tenant.schema_name!r} is {tenant.status}.",
                    "hint": "Ask the platform operator to resume it.",
                },
                status=503 if tenant.status == Status.PROVISIONING else 403,
            )
        return None
