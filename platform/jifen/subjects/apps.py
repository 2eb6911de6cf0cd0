from django.apps import AppConfig


class SubjectsConfig(AppConfig):
    name = "jifen.subjects"
    label = "subjects"
    verbose_name = "积分对象 Subjects"
    default_auto_field = "django.db.models.BigAutoField"
