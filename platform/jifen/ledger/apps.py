from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "jifen.ledger"
    label = "ledger"
    verbose_name = "台账 Ledger"
    default_auto_field = "django.db.models.BigAutoField"
