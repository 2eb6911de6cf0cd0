"""A test-only shift of the process's clock (`JIFEN_CLOCK_SHIFT_DAYS`).

A browser test walks the procedure through days that take a week in real life: a board's
publicity ends seven working days after it opens. Restarting the web server and the worker
with the clock shifted moves every `timezone.now()` and `localdate()` of those processes
(time-machine patches the interpreter's clock), so the test moves time instead of sleeping
or patching one function. PostgreSQL's own clock is not moved: nothing reads it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ImproperlyConfigured

_travel = None


def shift_for_tests(days: float, *, allowed: bool) -> None:
    """Run this process's clock `days` ahead (ticking from there); 0 leaves it alone."""
    global _travel
    if not days or _travel is not None:
        return
    if not allowed:
        raise ImproperlyConfigured(
            "JIFEN_CLOCK_SHIFT_DAYS is for tests only: unset it, or set JIFEN_DEBUG=1 on a "
            "development machine."
        )
    import time_machine

    _travel = time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=days), tick=True)
    _travel.start()
