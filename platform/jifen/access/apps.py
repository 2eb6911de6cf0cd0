from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "jifen.access"
    label = "access"
    verbose_name = "用户 Users"
    default_auto_field = "django.db.models.BigAutoField"
