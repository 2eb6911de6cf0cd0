from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "jifen.inspections"
    label = "inspections"
    verbose_name = "风险分级 Risk grading"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jifen.inspections import appeals, jobs, receivers  # noqa: F401  (deadline handlers, signals)
