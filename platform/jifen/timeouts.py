"""The web process's per-request time limit in PostgreSQL (`statement_timeout`).

Set with `SET` on each new connection rather than as a startup option, so that it also
works through a session-mode pooler (PgBouncer refuses unknown startup parameters). A
cancelled statement reaches the client as `TIMEOUT` (`jifen.graphql.errors`).
"""

from __future__ import annotations

from django.conf import settings
from django.db.backends.signals import connection_created


def statement_timeout_set(*, connection, milliseconds: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{milliseconds}ms"])


def _on_connection(sender, connection, **kwargs) -> None:
    statement_timeout_set(connection=connection, milliseconds=settings.WEB_STATEMENT_TIMEOUT_MS)


def statement_timeout_install() -> None:
    """Limit every statement of this process's future connections (the web server's)."""
    if settings.WEB_STATEMENT_TIMEOUT_MS > 0:
        connection_created.connect(_on_connection, dispatch_uid="jifen.statement_timeout")
