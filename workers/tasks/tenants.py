from workers.app import app


@app.task(name="tenants.provision", tenant_scoped=False, acks_late=True)
def provision_tenant_task(tenant_id: int) -> str:
    """Build a registered tenant's schema (idempotent: safe to deliver twice)."""
    from tenants import services
    from tenants.models import Tenant

    tenant = Tenant.objects.get(pk=tenant_id)
    services.tenant_provision(tenant=tenant)
    return tenant.schema_name
