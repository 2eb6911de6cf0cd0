from django.apps import AppConfig


class ProcedureConfig(AppConfig):
    name = "jifen.procedure"
    label = "procedure"
    verbose_name = "评议程序 Procedure"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jifen.procedure import (
            jobs,  # noqa: F401  (registers the deadline handlers)
            receivers,  # noqa: F401  (recounts on calendar changes)
        )
        from jifen.procedure.anchors import register

        register()
