"""Small, fixed organisations that tests (and a developer's shell) can build in a tenant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django_tenants.utils import schema_context

from jifen.access.models import User
from jifen.org.models import OrgUnit, Role, UnitKind
from jifen.org.services import unit_root
from jifen.rulebook.services import ruleset_assign, ruleset_fork, ruleset_publish
from jifen.testing.factories import PersonFactory, UnitFactory, UserFactory
from tenants import services as tenant_services


@dataclass(frozen=True)
class World:
    """Ids of one tenant's test organisation: county → 2 townships → 3 branches."""

    slug: str
    root: int
    township_1: int
    township_2: int
    branch_1: int
    branch_2: int
    branch_3: int
    floating: int  # homed in branch 3, hosted (scored) in branch 1
    member_subject: int


def build_world(slug: str, name: str) -> World:
    tenant_services.tenant_create(
        slug=slug, name=name, family="county", admin_password="admin-pass-1"
    )
    with schema_context(slug):
        root = unit_root()
        t1 = UnitFactory(parent=root, name=f"{name}一镇党委", kind=UnitKind.COMMITTEE)
        t2 = UnitFactory(parent=root, name=f"{name}二镇党委", kind=UnitKind.COMMITTEE)
        b1 = UnitFactory(parent=t1, name=f"{name}一支部")
        b2 = UnitFactory(parent=t1, name=f"{name}二支部")
        b3 = UnitFactory(parent=t2, name=f"{name}三支部")
        member = PersonFactory(home_unit=b1, name=f"{name}党员甲")
        PersonFactory(home_unit=b1, name=f"{name}党员乙")
        PersonFactory(home_unit=b2, name=f"{name}党员丙")
        PersonFactory(home_unit=b3, name=f"{name}党员丁")
        floating = PersonFactory(
            home_unit=b3, host_unit=b1, name=f"{name}流动党员", category="floating"
        )
        users = {
            "county": (Role.SUPERIOR, root),
            "township_1": (Role.SUPERIOR, t1),
            "secretary_1": (Role.SECRETARY, b1),
            "member_1": (Role.MEMBER, b1),
            "recorder_1": (Role.RECORDER, b1),
            "supervisor_1": (Role.SUPERVISOR, b1),
            "secretary_2": (Role.SECRETARY, b2),
        }
        for username, role in users.items():
            UserFactory(username=username, roles=[role])
        member.user = User.objects.get(username="member_1")
        member.save()
    return World(slug, root.pk, t1.pk, t2.pk, b1.pk, b2.pk, b3.pk, floating.pk, member.pk)


def tenant_admin() -> User:
    """The current tenant's administrator (provisioning creates it)."""
    return User.objects.get(username="admin")


def publish_template(
    template: str, code: str, unit_id: int, effective_from=None, subject_kind: str = "person"
):
    """Fork a shipped template, publish it and assign it to a unit (current schema)."""
    admin = tenant_admin()
    ruleset = ruleset_fork(actor=admin, template=template, code=code)
    ruleset_publish(
        actor=admin,
        version=ruleset.versions.get(),
        effective_from=effective_from or dt.date(2020, 1, 1),
    )
    ruleset_assign(
        actor=admin,
        unit=OrgUnit.objects.get(pk=unit_id),
        ruleset=ruleset,
        subject_kind=subject_kind,
    )
    return ruleset
