"""Fixtures of the operations tests: a real streaming replica of the test server."""

from __future__ import annotations

import pytest
from django.db import connections

from jifen import embedded
from jifen import replica as replica_routing
from jifen.testing.parallel import worker_id

from .servers import Replica, pg_bin_dir, server_user


@pytest.fixture(scope="session")
def replica(worlds, django_db_blocker):
    """A hot standby of the test server (pg_basebackup), as the database alias `replica`.

    Built after the two tenants, so both are on it; it keeps streaming what the tests commit.
    """
    with django_db_blocker.unblock():
        primary = connections["default"]
        primary.ensure_connection()
        major = primary.connection.info.server_version // 10000
        settings_dict = dict(primary.settings_dict)
    standby = Replica(
        primary=settings_dict,
        folder=embedded.data_dir() / "ops" / f"replica-{worker_id()}",
        slot=f"jifen_test_replica_{worker_id()}",
        user=server_user(settings_dict),
        bin_dir=pg_bin_dir(major),
    )
    standby.create()
    try:
        yield standby
    finally:
        standby.destroy()


@pytest.fixture
def live_replica(replica, django_db_blocker):
    """The replica, running, replaying and caught up; failure memory of the router cleared."""
    if not replica.running():
        replica.start()
    replica.resume_replay()
    replica.wait_caught_up()
    replica_routing._down_until = 0.0
    # The alias exists only while a replica test runs: the router sends a request's heavy
    # reads to any configured replica, and later tests in this process have none to read.
    connections.settings["replica"] = replica.settings_dict()
    try:
        yield replica
    finally:
        connections["replica"].close()
        del connections["replica"]
        del connections.settings["replica"]
    replica_routing._down_until = 0.0
