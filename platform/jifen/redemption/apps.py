from django.apps import AppConfig


class RedemptionConfig(AppConfig):
    name = "jifen.redemption"
    label = "redemption"
    verbose_name = "积分超市 Points shop"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jifen.redemption import jobs  # noqa: F401  (registers the deadline handler)
