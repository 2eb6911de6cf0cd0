"""Provision the demo tenants (idempotent: a second run only refreshes logins)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import structlog
from django.db import transaction
from django_tenants.utils import schema_context

from jifen.access.models import LightLogin, User
from jifen.access.services import token_create
from jifen.demo.builders import BUILDERS, DEMO_PASSWORD
from jifen.demo.logins import DemoLogin, demo_logins
from jifen.org.models import OrgUnit, UnitKind
from jifen.org.services import unit_root
from jifen.rulebook.models import Ruleset, RulesetAssignment, VersionStatus
from jifen.rulebook.services import ruleset_assign, ruleset_fork, ruleset_publish
from tenants import services
from tenants.models import Tenant

log = structlog.get_logger(__name__)

DEMO_TENANTS = [
    ("county", "青山县委组织部", "county"),
    ("changqing", "长庆采气二厂党委", "enterprise"),
    ("school", "玉溪师范附属小学", "school"),
    ("village", "钟祥市九里回族乡", "village"),
    ("market", "青山县市场监督管理局", "market"),
]


@dataclass(frozen=True)
class DemoRuleset:
    """The shipped template a family's demo is scored by, and where it is assigned."""

    template: str
    subject_kind: str  # RulesetAssignment.subject_kind: the subjects' kind
    unit_kind: str | None = None  # assign to every unit of this kind; None: the root


DEMO_RULESETS = {
    "county": DemoRuleset("yongzhou-safety-bureau", "person"),
    "enterprise": DemoRuleset("changqing-gas-plant-2", "person"),
    "school": DemoRuleset("class-points", "person", UnitKind.CLASS),
    "village": DemoRuleset("household-140-stars", "household"),
    "market": DemoRuleset("food-seller-risk", "business"),
}


# Villages sign members in with name, last four of the ID card and a code (SMS).
DEMO_LIGHT_LOGIN = {"village": LightLogin.CODE}


def _light_login(mode: str) -> str:
    """Switch the members' light login on (idempotent) and say how to try it."""
    from jifen.access.light_login import sign_in_settings_set
    from jifen.subjects.models import Subject

    sign_in_settings_set(actor=User.objects.get(username="admin"), light_login=mode)
    person = Subject.objects.filter(kind="person", user__isnull=True).order_by("pk").first()
    example = f"{person.name} …{person.id_card_last4}" if person else ""
    return f"成员简易登录 light login ({mode}): 姓名 + 身份证后四位 {example}; codes by SMS (JIFEN_SMS_URL)"


@dataclass
class DemoTenant:
    name: str
    url: str
    admin: str
    token: str
    logins: list[DemoLogin] = field(default_factory=list)  # one per role (jifen.demo.logins)
    notes: list[str] = field(default_factory=list)


@dataclass
class DemoLogins:
    password: str
    tenants: list[DemoTenant]


def _ensure_operator() -> None:
    user, created = User.objects.get_or_create(username="operator")
    if created:
        user.is_staff = user.is_superuser = True
        user.set_password(DEMO_PASSWORD)
        user.save()


def provision_demo(*, port: int = 8000) -> DemoLogins:
    services.platform_ensure_public()
    _ensure_operator()
    result = DemoLogins(password=DEMO_PASSWORD, tenants=[])
    for slug, name, family in DEMO_TENANTS:
        tenant = Tenant.objects.filter(schema_name=slug).first()
        if tenant is None:
            tenant = services.tenant_register(slug=slug, name=name, family=family)
        services.tenant_provision(tenant=tenant, admin_password=DEMO_PASSWORD)
        with schema_context(slug):
            root = unit_root()
            if root.numchild == 0:
                log.info("demo.building", tenant=slug)
                with transaction.atomic():
                    BUILDERS[family](root)
            demo_ruleset_assign(family=family, root=root)
            if family == "market":
                from jifen.demo.builders import inspect_market

                with transaction.atomic():
                    inspect_market(root)
            logins = demo_logins()
            notes = []
            if family in DEMO_LIGHT_LOGIN:
                notes.append(_light_login(DEMO_LIGHT_LOGIN[family]))
            token = token_create(user=User.objects.get(username="admin"), name="demo")
        domain = tenant.get_primary_domain().domain
        result.tenants.append(
            DemoTenant(
                name=name,
                url=f"http://{domain}:{port}/",
                admin="admin",
                token=token,
                logins=logins,
                notes=notes,
            )
        )
    return result


def demo_ruleset_assign(*, family: str, root: OrgUnit, today: dt.date | None = None) -> Ruleset:
    """Fork, publish and assign the family's template (current schema); idempotent.

    It takes effect on 1 January of last year, so that recent declarations are scored.
    """
    spec = DEMO_RULESETS[family]
    admin = User.objects.get(username="admin")  # the tenant administrator provisioning made
    ruleset = Ruleset.objects.filter(code=spec.template).first()
    if ruleset is None:
        ruleset = ruleset_fork(actor=admin, template=spec.template, code=spec.template)
    since = dt.date((today or dt.date.today()).year - 1, 1, 1)
    draft = ruleset.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None and not ruleset.versions.filter(status=VersionStatus.PUBLISHED).exists():
        ruleset_publish(actor=admin, version=draft, effective_from=since)
    units = [root] if spec.unit_kind is None else OrgUnit.objects.filter(kind=spec.unit_kind)
    for unit in units:
        if not RulesetAssignment.objects.filter(
            unit=unit, subject_kind=spec.subject_kind, ruleset=ruleset
        ).exists():
            ruleset_assign(
                actor=admin,
                unit=unit,
                ruleset=ruleset,
                subject_kind=spec.subject_kind,
                effective_from=since,
            )
    return ruleset
