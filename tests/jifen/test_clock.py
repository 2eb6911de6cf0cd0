"""The test-only clock shift: a process runs days ahead; production settings refuse it."""

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from jifen.clock import shift_for_tests

SHOW = (
    "import datetime as dt; from django.utils import timezone; from jifen.clock import "
    "shift_for_tests; shift_for_tests({days}, allowed=True); "
    "print(dt.date.today().isoformat(), timezone.now().date().isoformat())"
)


def _today_in_a_process(days: float) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", SHOW.format(days=days)],
        check=True, capture_output=True, text=True, env=os.environ,
    )  # fmt: skip
    return out.stdout.split()


def test_a_shifted_process_lives_that_many_days_ahead():
    before = dt.datetime.now(dt.UTC).date()
    shown = _today_in_a_process(10)
    assert dt.date.fromisoformat(shown[1]) - before in (dt.timedelta(days=10), dt.timedelta(11))
    assert _today_in_a_process(0)[1] in (before.isoformat(), (before + dt.timedelta(1)).isoformat())


def test_production_settings_refuse_a_shift():
    with pytest.raises(ImproperlyConfigured, match="JIFEN_CLOCK_SHIFT_DAYS is for tests only"):
        shift_for_tests(3, allowed=False)
