from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "租户 Tenants"
    default_auto_field = "django.db.models.BigAutoField"
