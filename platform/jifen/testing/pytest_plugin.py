"""Loaded with `-p jifen.testing.pytest_plugin`, before Django settings are imported.

Tests run against real servers: `DATABASE_URL`/`REDIS_URL` when set, otherwise embedded
ones kept apart from the demo's, under `.jifen/test`.
"""

import os

os.environ.setdefault("JIFEN_TESTING", "1")
os.environ.setdefault("JIFEN_DATA_DIR", os.path.join(".jifen", "test"))
os.environ.setdefault("JIFEN_LOG_LEVEL", "WARNING")
