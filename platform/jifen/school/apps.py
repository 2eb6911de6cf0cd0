from django.apps import AppConfig


class SchoolConfig(AppConfig):
    name = "jifen.school"
    label = "school"
    verbose_name = "学校 School"
    default_auto_field = "django.db.models.BigAutoField"
