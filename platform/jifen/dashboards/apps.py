from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "jifen.dashboards"
    label = "dashboards"
    verbose_name = "看板 Dashboards"
    default_auto_field = "django.db.models.BigAutoField"
