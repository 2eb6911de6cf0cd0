"""Who may change rulesets: they are tenant-wide, so administrators of the tenant's root."""

from jifen.org.models import Role
from jifen.org.selectors import has_role
from jifen.org.services import unit_root


def may_edit_rulesets(user) -> bool:
    root = unit_root()
    return root is not None and has_role(user, Role.ADMIN, root)


def may_assign_rulesets(user, unit) -> bool:
    return has_role(user, Role.ADMIN, unit) or has_role(user, Role.SUPERIOR, unit)


DENIED = "Only administrators of the tenant may change rulesets."
