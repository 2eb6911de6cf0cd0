"""Building a demo tenant the way a tenant onboards: its kept workbooks (`workbooks.py`,
`data/<family>/*.xlsx`) imported through the dry run and the apply, as its administrator.

Deterministic (the workbooks are seeded), so a demo reads the same on every machine.
"""

from __future__ import annotations

from jifen.access.models import User
from jifen.demo.workbooks import DEMO_PASSWORD, kept_workbooks
from jifen.imports.models import ImportKind
from jifen.imports.reading import read_rows
from jifen.imports.services import import_run
from jifen.org.models import OrgUnit

__all__ = ["BUILDERS", "DEMO_PASSWORD", "build_family"]


def build_family(family: str, root: OrgUnit) -> None:
    """Import the family's workbooks into the current tenant (units, roll, households,
    businesses, users and roles), each checked and then applied, all or nothing."""
    admin = User.objects.get(username="admin")  # the administrator provisioning made
    usernames: set[str] = set()
    for kind, path in kept_workbooks(family):
        content = path.read_bytes()
        import_run(actor=admin, kind=kind, file_name=path.name, content=content)
        if kind == ImportKind.USERS:
            usernames |= {str(r.values["username"]) for r in read_rows(content, kind)}
    # Demo only: the printed logins work with the printed password as they are, where a
    # tenant's imported users choose their own at first sign-in.
    User.objects.filter(username__in=usernames).update(must_change_password=False)


def build_county(root: OrgUnit) -> None:
    build_family("county", root)


BUILDERS = {
    family: (lambda root, family=family: build_family(family, root))
    for family in ("county", "enterprise", "school", "village", "market")
}
BUILDERS["county"] = build_county
