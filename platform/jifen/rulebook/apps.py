from django.apps import AppConfig


class RulebookConfig(AppConfig):
    name = "jifen.rulebook"
    label = "rulebook"
    verbose_name = "规则 Rulesets"
    default_auto_field = "django.db.models.BigAutoField"
