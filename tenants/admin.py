"""The platform operator's admin (public schema only)."""

from django.contrib import admin, messages
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django_tenants.admin import TenantAdminMixin

from tenants import services
from tenants.errors import TenantError
from tenants.models import Domain, Status, Tenant


class PublicOnlyAdmin(admin.ModelAdmin):
    """Hidden on tenant hosts: the tenant list is the operators' business only."""

    def has_module_permission(self, request):
        return connection.schema_name == "public" and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return connection.schema_name == "public" and super().has_view_permission(request, obj)


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Tenant)
class TenantAdmin(TenantAdminMixin, PublicOnlyAdmin):
    list_display = ("schema_name", "name", "family", "status", "created_at")
    list_filter = ("family", "status")
    search_fields = ("schema_name", "name")
    readonly_fields = ("status", "suspended_reason", "created_at")
    actions = ["suspend", "resume"]

    def get_inlines(self, request, obj):
        # On "add" the primary domain is derived from the slug; edit domains afterwards.
        return [DomainInline] if obj else []

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "schema_name") if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        try:
            tenant = services.tenant_register(
                slug=obj.schema_name, name=obj.name, family=obj.family, actor=request.user
            )
        except TenantError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        obj.pk = tenant.pk
        from workers.tasks.tenants import provision_tenant_task

        # Provisioning runs migrations: a worker does it, never the web request.
        transaction.on_commit(lambda: provision_tenant_task.delay(tenant.pk))
        self.message_user(
            request,
            _("%(tenant)s is being provisioned by a worker.") % {"tenant": tenant.schema_name},
        )

    def delete_model(self, request, obj):
        services.tenant_delete(slug=obj.schema_name, confirm=obj.schema_name, actor=request.user)

    @admin.action(description="Suspend selected tenants")
    def suspend(self, request, queryset):
        for tenant in queryset.exclude(status=Status.SUSPENDED):
            services.tenant_suspend(
                slug=tenant.schema_name, reason=f"by {request.user}", actor=request.user
            )

    @admin.action(description="Resume selected tenants")
    def resume(self, request, queryset):
        for tenant in queryset.filter(status=Status.SUSPENDED):
            services.tenant_resume(slug=tenant.schema_name, actor=request.user)
