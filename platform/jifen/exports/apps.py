from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "jifen.exports"
    label = "exports"
    verbose_name = "表格导出 Exports"
    default_auto_field = "django.db.models.BigAutoField"
