from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "jifen.org"
    label = "org"
    verbose_name = "组织 Organisation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from jifen.org.models import RoleAssignment

        # a grant or revocation inside a request: later checks in it see the change
        post_save.connect(_forget, sender=RoleAssignment, dispatch_uid="jifen-roles-saved")
        post_delete.connect(_forget, sender=RoleAssignment, dispatch_uid="jifen-roles-deleted")


def _forget(**kwargs) -> None:
    from jifen.org.selectors import roles_changed

    roles_changed()
