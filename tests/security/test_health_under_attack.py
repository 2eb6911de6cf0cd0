"""While anonymous clients send exhausting documents, the server keeps answering probes."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from tests.security.test_graphql_limits import fragment_bomb


def test_fragment_bombs_are_refused_and_health_checks_answered_meanwhile(web_server):
    bomb = json.dumps({"query": fragment_bomb(30)}).encode()
    aliases = json.dumps(
        {"query": "query {" + " ".join(f"a{i}: me {{ username }}" for i in range(1000)) + "}"}
    ).encode()
    nested = b'{"query": "{ me { username } }", "variables": {"x": ' + b"[" * 100_000
    nested += b"]" * 100_000 + b"}}"
    attacks = [bomb, aliases, nested] * 8
    with ThreadPoolExecutor(max_workers=8) as pool:
        attacking = [pool.submit(web_server.request, "/graphql", body=body) for body in attacks]
        probes = [web_server.request("/healthz", timeout=10)[0] for _ in range(10)]
        outcomes = [future.result() for future in attacking]
    assert probes == [200] * 10
    statuses = {status for status, _body in outcomes}
    # refused (400), or turned away while the process had its share in flight (503)
    assert statuses <= {400, 503}, statuses
    assert 400 in statuses
    for status, body in outcomes:
        assert json.loads(body)["errors"][0]["extensions"]["code"]
    assert web_server.request("/readyz")[0] == 200
