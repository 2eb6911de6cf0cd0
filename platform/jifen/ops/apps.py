from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "jifen.ops"
    label = "ops"
    verbose_name = "运维 Operations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jifen.ops import jobs  # noqa: F401  (registers the outbox's deadline handler)
