"""Host-name routing that also refuses suspended or half-provisioned tenants."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tenants.middleware.main import TenantMainMiddleware

from jifen.observability import bind_tenant
from tenants.models import Status


def _in_callers_language(request: HttpRequest):
    """This runs before LocaleMiddleware: answer in the request's language all the same."""
    return translation.override(translation.get_language_from_request(request))


class TenantMiddleware(TenantMainMiddleware):
    def no_tenant_found(self, request: HttpRequest, hostname: str):
        with _in_callers_language(request):
            return JsonResponse(
                {
                    "error": "unknown_tenant",
                    "message": _("No tenant is served at %(host)s.") % {"host": repr(hostname)},
                    "hint": _(
                        "Use <tenant-slug>.<base domain>, e.g. http://county.localhost:8000/."
                    ),
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
            with _in_callers_language(request):
                return JsonResponse(
                    {
                        "error": f"tenant_{tenant.status}",
                        "message": (
                            _("Tenant %(tenant)s is suspended.")
                            if tenant.status == Status.SUSPENDED
                            else _("Tenant %(tenant)s is provisioning.")
                        )
                        % {"tenant": repr(tenant.schema_name)},
                        "hint": _("Ask the platform operator to resume it."),
                    },
                    status=503 if tenant.status == Status.PROVISIONING else 403,
                )
        return None
