"""Loaded with `-p jifen.testing.pytest_plugin`, before Django settings are imported.

Tests run against real servers: `DATABASE_URL`/`REDIS_URL` when set, otherwise embedded
ones kept apart from the demo's, under `.jifen/test`. In a parallel run (pytest-xdist) each
process gets its own test database and Redis database (`jifen.testing.parallel`).
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("JIFEN_TESTING", "1")
os.environ.setdefault("JIFEN_DATA_DIR", os.path.join(".jifen", "test"))
os.environ.setdefault("JIFEN_LOG_LEVEL", "WARNING")

from jifen.testing import parallel

parallel.configure_environment()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Files marked `slow` first: a parallel run hands out whole files in this order, and a
    long file handed out last would leave the other processes idle meanwhile."""
    items[:] = parallel.slow_files_first(items)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """Each test (with its fixtures' set-up and teardown) holds the run's test lock."""
    with parallel.turn(alone=item.get_closest_marker("serial") is not None):
        return (yield)
