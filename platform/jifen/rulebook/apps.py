from django.apps import AppConfig


class RulebookConfig(AppConfig):
    name = "jifen.rulebook"
    label = "rulebook"
    verbose_name = "规则 Rulesets"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # the rulesets package's messages (attributes at the door …) in the caller's language
        from django.utils.translation import gettext

        import rulesets.i18n

        rulesets.i18n.use(gettext)
