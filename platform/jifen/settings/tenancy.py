"""django-tenants wiring: what lives in the public schema and what in every tenant's.

Users, sessions and permissions live in each tenant schema (a session of tenant A means
nothing in B); the public schema holds tenants, domains and platform operators.
"""

from jifen.settings import env

_CORE = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
]

SHARED_APPS = [
    "django_tenants",
    "tenants",
    *_CORE,
    "django.contrib.staticfiles",
    "graphene_django",
    "axes",  # sign-in lockout; counts live in the cache (AXES_HANDLER), its tables stay empty
    "jifen.access",
    "jifen.audit",
    "jifen.holidays",
]

TENANT_APPS = [
    *_CORE,
    "jifen.access",
    "jifen.audit",
    "jifen.org",
    "jifen.subjects",
    "jifen.ops",
    "jifen.rulebook",
    "jifen.ledger",
    "jifen.procedure",
    "jifen.notifications",
    "jifen.deadlines",
    "jifen.inspections",
    "jifen.redemption",
    "jifen.dashboards",
    "jifen.imports",
    "jifen.exports",
    "jifen.school",
]

INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
ROOT_URLCONF = "jifen.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "jifen.urls_public"
SHOW_PUBLIC_IF_NO_TENANT_FOUND = False
TENANT_LIMIT_SET_CALLS = True
TENANT_BASE_DOMAIN = env.BASE_DOMAIN
# migrate_schemas across hundreds of tenants: one process per core.
TENANT_MULTIPROCESSING_MAX_PROCESSES = env.env.int("JIFEN_MIGRATE_PROCESSES", default=2)
# New tenants are cloned from the template schema (tenants/README.md); off where a schema
# must be built by its migrations (Citus schema-based sharding, docs/operations.md).
TENANT_PROVISION_BY_CLONE = env.env.bool("JIFEN_TENANT_CLONE", default=True)
