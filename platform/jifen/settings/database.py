"""Database topology: the primary, an optional streaming read replica, and pooler safety.

- `DATABASE_REPLICA_URL` adds the alias `replica`, which `jifen.replica` reads heavy pages
  from while it keeps up (`JIFEN_REPLICA_MAX_LAG_SECONDS`, default 10; a replica that failed
  is retried after `JIFEN_REPLICA_RETRY_SECONDS`, default 10).
- A URL of a pooler known to run in transaction mode is refused: django-tenants sets the
  tenant's schema once per connection (`SET search_path`), and a transaction-mode pooler
  hands the server connection to another client after each transaction, so that client's
  queries (its writes too) would run in the wrong tenant's schema. Session mode is safe.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

from jifen.settings import env
from jifen.settings.base import DATABASES as _PRIMARY
from jifen.settings.base import MIDDLEWARE as _MIDDLEWARE
from jifen.settings.tenancy import DATABASE_ROUTERS as _ROUTERS

__all__ = [
    "DATABASES",
    "DATABASE_ROUTERS",
    "MIDDLEWARE",
    "REPLICA_MAX_LAG_SECONDS",
    "REPLICA_RETRY_SECONDS",
]

POOLING_DOC = "docs/operations.md, section 'Connection pooling'"


def transaction_pooler(url: str, *, pool_mode: str = "") -> str | None:
    """What known transaction-mode pooler `url` points at, or None.

    `pool_mode` is `JIFEN_DB_POOL_MODE`: `transaction` or `statement` refuses any URL, and
    `session` confirms a pooler whose mode is configurable (PgBouncer, Azure, DigitalOcean).
    """
    mode = pool_mode.strip().lower()
    if mode in ("transaction", "statement"):
        return f"a pooler declared in {mode} mode (JIFEN_DB_POOL_MODE={mode})"
    parts = urlsplit(url)
    host, port = (parts.hostname or "").lower(), parts.port
    query = {k.lower(): v for k, v in parse_qs(parts.query).items()}
    # Always transaction mode, whatever the operator says.
    if host.endswith(".pooler.supabase.com") and port == 6543:
        return "Supabase's transaction pooler (port 6543; its session pooler is port 5432)"
    if host.endswith(".neon.tech") and "-pooler." in host:
        return (
            "Neon's pooled endpoint (PgBouncer in transaction mode; drop '-pooler' from the host)"
        )
    if mode == "session":
        return None
    # Transaction mode by default, session mode possible: refuse unless confirmed.
    if query.get("pgbouncer") == ["true"]:
        return "a PgBouncer marked '?pgbouncer=true' (the transaction-mode convention)"
    if host.endswith(".postgres.database.azure.com") and port == 6432:
        return "Azure's built-in PgBouncer (port 6432, transaction mode by default)"
    if host.endswith(".db.ondigitalocean.com") and port == 25061:
        return "a DigitalOcean connection pool (port 25061, transaction mode by default)"
    return None


def _refuse_transaction_pooler(name: str, url: str, pool_mode: str) -> None:
    found = transaction_pooler(url, pool_mode=pool_mode)
    if found:
        raise ImproperlyConfigured(
            f"{name} points at {found}. Jifen cannot run behind a transaction-mode pooler: "
            "django-tenants selects each tenant's schema once per connection (SET search_path), "
            "and such a pooler passes the server connection to other clients between "
            "transactions, so their queries and writes would land in another tenant's schema. "
            "Connect directly or through a pooler in session mode (PgBouncer pool_mode = "
            "session; then set JIFEN_DB_POOL_MODE=session if the URL looks like a pooler's). "
            f"See {POOLING_DOC}."
        )


def _replica(url: str) -> dict:
    """The replica's alias: the primary's options with the replica's address."""
    config = environ.Env.db_url_config(url)
    options = config.setdefault("OPTIONS", {})
    if "host" in options:  # a Unix-socket URL, as for the primary (env.database)
        config["HOST"] = str(options.pop("host"))
        config["PORT"] = str(options.pop("port", ""))
    config["ENGINE"] = _PRIMARY["default"]["ENGINE"]
    config["CONN_MAX_AGE"] = _PRIMARY["default"]["CONN_MAX_AGE"]
    config["CONN_HEALTH_CHECKS"] = True
    # Tests get no database of their own on a read-only server: the alias mirrors default.
    config["TEST"] = {"MIRROR": "default"}
    return config


_POOL_MODE = env.env.str("JIFEN_DB_POOL_MODE", default="")
_refuse_transaction_pooler("DATABASE_URL", env.env.str("DATABASE_URL", default=""), _POOL_MODE)
_REPLICA_URL = env.env.str("DATABASE_REPLICA_URL", default="")

DATABASES = dict(_PRIMARY)
if _REPLICA_URL:
    _refuse_transaction_pooler("DATABASE_REPLICA_URL", _REPLICA_URL, _POOL_MODE)
    DATABASES["replica"] = _replica(_REPLICA_URL)
REPLICA_MAX_LAG_SECONDS = env.env.float("JIFEN_REPLICA_MAX_LAG_SECONDS", default=10.0)
REPLICA_RETRY_SECONDS = env.env.float("JIFEN_REPLICA_RETRY_SECONDS", default=10.0)

# The replica router first, so that `replica` is never migrated.
DATABASE_ROUTERS = ["jifen.replica.ReplicaRouter", *_ROUTERS]
# After tenant routing and authentication: the decision needs the schema and the caller.
_AFTER = _MIDDLEWARE.index("jifen.access.middleware.TokenAuthenticationMiddleware") + 1
MIDDLEWARE = [*_MIDDLEWARE[:_AFTER], "jifen.replica.ReplicaReadsMiddleware", *_MIDDLEWARE[_AFTER:]]
