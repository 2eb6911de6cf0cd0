"""Provisioning, suspending and deleting tenants.

Every function here runs in the public schema and is deliberate: deletion drops a schema
and needs the slug typed again as confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass

import structlog
from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from tenants.errors import TenantError
from tenants.models import SLUG_VALIDATOR, Domain, Family, Status, Tenant

log = structlog.get_logger(__name__)

RESERVED_SLUGS = frozenset({"public", "www", "admin", "api", "static", "media", "pg_catalog"})

ROOT_UNIT_KIND = {
    Family.COUNTY: "county",
    Family.ENTERPRISE: "enterprise",
    Family.SCHOOL: "school",
    Family.VILLAGE: "township",
    Family.MARKET: "bureau",
}


@dataclass(frozen=True)
class AdminLogin:
    username: str
    password: str


def platform_ensure_public() -> Tenant:
    """The public schema's tenant row and host name, where operators sign in."""
    tenant, _created = Tenant.objects.get_or_create(
        schema_name="public",
        defaults={"name": "Jifen platform", "family": Family.PLATFORM, "status": Status.ACTIVE},
    )
    Domain.objects.get_or_create(
        domain=settings.TENANT_BASE_DOMAIN, defaults={"tenant": tenant, "is_primary": True}
    )
    return tenant


def tenant_domain(slug: str) -> str:
    return f"{slug}.{settings.TENANT_BASE_DOMAIN}"


def _validate_new(slug: str, family: str) -> None:
    from django.core.exceptions import ValidationError

    try:
        SLUG_VALIDATOR(slug)
    except ValidationError as exc:
        raise TenantError(
            _("slug %(slug)s: %(problem)s") % {"slug": repr(slug), "problem": exc.messages[0]}
        ) from exc
    if slug in RESERVED_SLUGS or slug.startswith("pg_"):
        raise TenantError(_("slug %(slug)s is reserved; choose another.") % {"slug": repr(slug)})
    if family not in Family.values or family == Family.PLATFORM:
        choices = ", ".join(v for v in Family.values if v != Family.PLATFORM)
        raise TenantError(
            _("family %(family)s is unknown; choose one of %(choices)s.")
            % {"family": repr(family), "choices": choices}
        )
    if Tenant.objects.filter(schema_name=slug).exists():
        raise TenantError(_("a tenant %(slug)s already exists.") % {"slug": repr(slug)})


COMMAND_LINE = "by the platform operator at the command line (jifen tenant)"


def _audit(actor, action: str, tenant: Tenant, **changes) -> None:
    """Tenant changes are audited in the public schema, by the operator who made them;
    without one (`jifen tenant …`, provisioning) the row says it came from the command
    line, never an anonymous change."""
    from jifen.audit.services import audit_record

    note = "" if getattr(actor, "pk", None) else COMMAND_LINE
    with schema_context("public"):
        audit_record(actor=actor, action=action, target=tenant, after=changes or None, note=note)


def tenant_register(
    *, slug: str, name: str, family: str, domain: str | None = None, actor=None
) -> Tenant:
    """Record a tenant to be provisioned; the schema is built by `tenant_provision`."""
    _validate_new(slug, family)
    with transaction.atomic():
        tenant = Tenant.objects.create(
            schema_name=slug, name=name, family=family, status=Status.PROVISIONING
        )
        Domain.objects.create(tenant=tenant, domain=domain or tenant_domain(slug), is_primary=True)
        _audit(actor, "tenant.create", tenant, name=name, family=family)
    return tenant


# The migrated, empty tenant schema new tenants are cloned from. Not a valid slug
# (underscore), so it can never be a tenant's schema, and it has no tenant row.
TEMPLATE_SCHEMA = "tenant_template"
_TEMPLATE_LOCK = 0x6A6966656E  # advisory lock: one process builds or migrates the template


def template_schema_ensure(*, verbosity: int = 0) -> str:
    """The template schema, created or brought up to the code's migrations; its name.

    Cloning copies the template's `django_migrations` rows, so a clone is only correct if
    the template has every migration applied: this checks (and migrates) before each use.
    `jifen migrate` calls it too, so a release migrates the template with the tenants.
    """
    from django.core.management import call_command
    from django_tenants.utils import schema_exists

    from jifen.migrations_status import _unapplied

    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [_TEMPLATE_LOCK])
    try:
        if not schema_exists(TEMPLATE_SCHEMA):
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE SCHEMA "{TEMPLATE_SCHEMA}"')
            behind = True
        else:
            with schema_context(TEMPLATE_SCHEMA):
                behind = bool(_unapplied())
        if behind:
            call_command(
                "migrate_schemas",
                schema_name=TEMPLATE_SCHEMA,
                interactive=False,
                verbosity=verbosity,
            )
            log.info("tenant.template_migrated", schema=TEMPLATE_SCHEMA)
    finally:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_TEMPLATE_LOCK])
    return TEMPLATE_SCHEMA


def _schema_build(tenant: Tenant, *, clone: bool) -> None:
    """The tenant's schema: a clone of the template (tables, indexes, triggers, the rows
    its migrations seed), or with `clone=False` migrated from scratch. No-op if it exists."""
    from django_tenants.clone import CloneSchema
    from django_tenants.utils import schema_exists

    if schema_exists(tenant.schema_name):
        return
    if not clone:
        tenant.create_schema(check_if_exists=True, verbosity=0)
        return
    template = template_schema_ensure()
    # django-tenants' clone_schema: one server-side function copies the structure and rows
    # in one statement (the migrations are not replayed, nor faked: their rows are copied)
    with transaction.atomic():
        CloneSchema().clone_schema(template, tenant.schema_name, "DATA")
    connection.set_schema_to_public()


def tenant_provision(
    *,
    tenant: Tenant,
    admin_username: str = "admin",
    admin_password: str | None = None,
    clone: bool | None = None,
) -> AdminLogin:
    """Create the schema (cloned from the template), add the root unit and an administrator.

    Idempotent: re-running it after a crash finishes the job without duplicating anything.
    `clone=False` runs the tenant migrations on an empty schema instead (slower; what the
    template itself is built with); None follows `TENANT_PROVISION_BY_CLONE`.
    """
    import secrets

    from jifen.access.models import User
    from jifen.org.models import Role, RoleAssignment
    from jifen.org.services import unit_create, unit_root

    if clone is None:
        clone = settings.TENANT_PROVISION_BY_CLONE
    _schema_build(tenant, clone=clone)
    password = admin_password or secrets.token_urlsafe(12)
    with schema_context(tenant.schema_name), transaction.atomic():
        root = unit_root() or unit_create(
            parent=None, name=tenant.name, kind=ROOT_UNIT_KIND[tenant.family]
        )
        user, created = User.objects.get_or_create(
            username=admin_username, defaults={"display_name": "租户管理员"}
        )
        if created or admin_password:
            user.set_password(password)
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=Role.ADMIN, unit=root)
    Tenant.objects.filter(pk=tenant.pk).update(status=Status.ACTIVE)
    tenant.status = Status.ACTIVE
    log.info("tenant.provisioned", slug=tenant.schema_name)
    return AdminLogin(admin_username, password if (created or admin_password) else "(unchanged)")


def tenant_create(
    *,
    slug: str,
    name: str,
    family: str,
    domain: str | None = None,
    admin_username: str = "admin",
    admin_password: str | None = None,
    actor=None,
    clone: bool | None = None,
) -> tuple[Tenant, AdminLogin]:
    """Register and provision in one go (the `jifen tenant create` command)."""
    tenant = tenant_register(slug=slug, name=name, family=family, domain=domain, actor=actor)
    login = tenant_provision(
        tenant=tenant, admin_username=admin_username, admin_password=admin_password, clone=clone
    )
    return tenant, login


def tenant_get(slug: str) -> Tenant:
    tenant = Tenant.objects.filter(schema_name=slug).first()
    if tenant is None or slug == "public":
        raise TenantError(
            _("no tenant %(slug)s; `jifen tenant list` shows the tenants.") % {"slug": repr(slug)}
        )
    return tenant


def tenant_suspend(*, slug: str, reason: str, actor=None) -> Tenant:
    if not reason.strip():
        raise TenantError(_("a suspension needs a reason (it is shown to the operators)."))
    tenant = tenant_get(slug)
    tenant.status = Status.SUSPENDED
    tenant.suspended_reason = reason
    with transaction.atomic():
        tenant.save(update_fields=["status", "suspended_reason"])
        _audit(actor, "tenant.suspend", tenant, reason=reason)
    log.info("tenant.suspended", slug=slug, reason=reason)
    return tenant


def tenant_resume(*, slug: str, actor=None) -> Tenant:
    tenant = tenant_get(slug)
    tenant.status = Status.ACTIVE
    tenant.suspended_reason = ""
    with transaction.atomic():
        tenant.save(update_fields=["status", "suspended_reason"])
        _audit(actor, "tenant.resume", tenant)
    log.info("tenant.resumed", slug=slug)
    return tenant


def tenant_delete(*, slug: str, confirm: str, actor=None) -> None:
    """Drop the tenant's schema and rows. `confirm` must repeat the slug."""
    if confirm != slug:
        raise TenantError(
            _("refusing to delete %(slug)s: confirm by passing the slug again.")
            % {"slug": repr(slug)}
        )
    tenant = tenant_get(slug)
    if connection.schema_name != "public":
        raise TenantError(_("tenants can only be deleted from the public schema."))
    with transaction.atomic():
        _audit(actor, "tenant.delete", tenant, name=tenant.name)
        tenant.delete(force_drop=True)
    log.warning("tenant.deleted", slug=slug)
