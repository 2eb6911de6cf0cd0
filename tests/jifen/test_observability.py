"""Every log line carries the tenant; Sentry events are tagged with it."""

import json
import logging

import sentry_sdk
from sentry_sdk.transport import Transport

from jifen.observability import configure_logging, init_sentry


class CapturingTransport(Transport):
    """Sentry's network transport replaced by a list (Sentry is the external service)."""

    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)


def test_log_lines_name_the_tenant_of_the_request(alpha, client_for, capsys):
    configure_logging(fmt="json", level="INFO")
    try:
        client = client_for("alpha", "county")
        logging.getLogger("jifen.test").info("inside request")  # outside: public
        client.graphql("{ me { username } }")
        client.post("/graphql", data="{bad json", content_type="application/json")
    finally:
        configure_logging(fmt="console", level="WARNING")
    lines = [
        json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")
    ]
    assert lines, "no JSON log lines were written"
    assert all("tenant" in line for line in lines)
    assert any(line["tenant"] == "alpha" for line in lines)


def test_sentry_events_carry_the_tenant_tag(alpha, client_for):
    transport = CapturingTransport()
    init_sentry(dsn="http://public@127.0.0.1:9/1", environment="test", release="jifen@test")
    sentry_sdk.get_client().transport = transport
    try:
        client_for("alpha", "county").graphql("{ me { username } }")
        sentry_sdk.capture_message("probe")
        sentry_sdk.flush()
    finally:
        sentry_sdk.init()  # back to a disabled client
    events = [
        item.payload.json
        for env in transport.envelopes
        for item in env.items
        if item.type == "event"
    ]
    assert events[-1]["tags"]["tenant"] == "alpha"
    assert events[-1]["environment"] == "test"
    assert events[-1]["release"] == "jifen@test"


def test_sentry_stays_off_without_a_dsn():
    assert init_sentry(dsn="", environment="production", release="") is False
