"""A bounded schemathesis run over the committed GraphQL schema against a real web server:
every query (as a signed-in reader) and every mutation (anonymously, so nothing of the
shared test tenants changes) gets generated documents and arguments; none may answer 5xx."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import Phase as _Phase

import jifen

# Its generated cases share one test id, and a parallel run hands out ids: it would run one
# operation of ~140 and report it as the whole file. `make test` runs it apart with -n0.
pytestmark = pytest.mark.skipif(
    "PYTEST_XDIST_WORKER" in os.environ,
    reason="schemathesis cases share a test id; run this file with -n0 (make test does)",
)

SCHEMA = Path(jifen.__file__).parent / "schema.graphql"
schema = schemathesis.graphql.from_path(SCHEMA)
BOUNDED = settings(
    max_examples=2,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[_Phase.explicit, _Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def reader_token(worlds, django_db_blocker):
    """A read-only token of alpha's county user (committed: the server is another process)."""
    from django_tenants.utils import schema_context

    from jifen.access.models import ApiToken, TokenScope, User
    from jifen.access.services import token_create

    with django_db_blocker.unblock(), schema_context("alpha"):
        raw = token_create(
            user=User.objects.get(username="county"), name="fuzz", scope=TokenScope.READ, days=1
        )
    yield raw
    with django_db_blocker.unblock(), schema_context("alpha"):
        ApiToken.objects.filter(name="fuzz").delete()


@schema.parametrize()
@BOUNDED
def test_no_generated_request_gets_a_server_error(case, web_server, reader_token):
    headers = {"Host": "alpha.localhost", "Accept-Language": "en"}
    if case.operation.definition.is_query:
        headers["Authorization"] = f"Bearer {reader_token}"
    response = case.call(base_url=f"{web_server.base}/graphql", headers=headers, timeout=60)
    assert response.status_code < 500, (response.status_code, case.body, response.text[:500])
    # the server is still there for the next one
    assert web_server.request("/healthz", timeout=10)[0] == 200
