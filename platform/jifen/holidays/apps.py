from django.apps import AppConfig


class HolidaysConfig(AppConfig):
    name = "jifen.holidays"
    verbose_name = "Holiday calendar"
    default_auto_field = "django.db.models.BigAutoField"
