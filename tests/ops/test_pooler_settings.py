"""The settings refuse a database URL of a pooler known to run in transaction mode."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from jifen.settings.database import transaction_pooler


@pytest.mark.parametrize(
    ("url", "mode", "refused"),
    [
        ("postgres://u:p@aws-0-eu-west-1.pooler.supabase.com:6543/postgres", "", True),
        ("postgres://u:p@aws-0-eu-west-1.pooler.supabase.com:6543/postgres", "session", True),
        ("postgres://u:p@aws-0-eu-west-1.pooler.supabase.com:5432/postgres", "", False),
        ("postgres://u:p@ep-cool-1234-pooler.eu-central-1.aws.neon.tech/jifen", "", True),
        ("postgres://u:p@ep-cool-1234.eu-central-1.aws.neon.tech/jifen", "", False),
        ("postgres://u:p@jifen.postgres.database.azure.com:6432/jifen", "", True),
        ("postgres://u:p@jifen.postgres.database.azure.com:6432/jifen", "session", False),
        ("postgres://u:p@db-1.db.ondigitalocean.com:25061/pool", "", True),
        ("postgres://u:p@pgbouncer:6432/jifen?pgbouncer=true", "", True),
        ("postgres://u:p@pgbouncer:6432/jifen", "", False),
        ("postgres://u:p@db:5432/jifen", "transaction", True),
        ("postgres://u:p@db:5432/jifen", "", False),
    ],
)
def test_known_transaction_mode_poolers_are_recognised(url, mode, refused):
    assert (transaction_pooler(url, pool_mode=mode) is not None) is refused


def test_settings_refuse_a_transaction_pooler_url_and_say_why():
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://jifen:pw@aws-0-eu-west-1.pooler.supabase.com:6543/postgres",
        "DJANGO_SETTINGS_MODULE": "jifen.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: DATABASE_URL points at Supabase's transaction pooler" in (
        result.stderr
    )
    assert "SET search_path" in result.stderr and "session mode" in result.stderr
