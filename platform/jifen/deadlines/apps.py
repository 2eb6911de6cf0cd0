from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "jifen.deadlines"
    label = "deadlines"
    verbose_name = "期限 Deadlines"
    default_auto_field = "django.db.models.BigAutoField"
