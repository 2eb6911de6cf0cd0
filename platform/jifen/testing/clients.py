"""A Django test client bound to a tenant's host name."""

from __future__ import annotations

import json

from django.test import Client


class TenantClient(Client):
    """A test client bound to a tenant's host name, optionally with a bearer token, asking
    for answers in `language` (English unless a test says otherwise). Like a browser, it
    keeps cookies; `enforce_csrf_checks` makes Django check CSRF as it does for one."""

    def __init__(
        self,
        slug: str,
        token: str | None = None,
        language: str = "en",
        *,
        enforce_csrf_checks: bool = False,
    ):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        headers["Accept-Language"] = language
        super().__init__(
            enforce_csrf_checks=enforce_csrf_checks, HTTP_HOST=f"{slug}.localhost", headers=headers
        )
        self.slug = slug
        self.token = token

    def request(self, **request):
        # The tenant router sets the shared connection's schema for the request; a test
        # goes on in the schema it was in (its ids and queries name that tenant).
        from django.db import connection

        schema = connection.schema_name
        try:
            return super().request(**request)
        finally:
            if connection.schema_name != schema:
                connection.set_schema(schema)

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        response = self.post(
            "/graphql",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
        )
        assert response.status_code in (200, 400), response.content
        return response.json()
