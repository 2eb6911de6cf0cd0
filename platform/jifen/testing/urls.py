"""Helpers that turn Django connection settings back into a URL for child processes."""

from __future__ import annotations

from urllib.parse import quote


def database_url_from_settings(settings_dict: dict) -> str:
    """A libpq URL for the database Django is connected to (e.g. the test database)."""
    user = quote(settings_dict.get("USER") or "")
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{quote(password)}@" if password else f"{user}@"
    host = settings_dict.get("HOST") or ""
    port = settings_dict.get("PORT") or ""
    name = settings_dict["NAME"]
    if host.startswith("/"):
        return f"postgresql://{auth}/{name}?host={host}&port={port or 5432}"
    return f"postgresql://{auth}{host}{':' + str(port) if port else ''}/{name}"
