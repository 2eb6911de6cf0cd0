"""Deadline handlers by kind. A handler must be idempotent: it may run again after a crash.

A handler is called with the row and the sweep's clock (`now`): it acts as of that moment
and never reads the wall clock itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from jifen.deadlines.models import Deadline

Handler = Callable[[Deadline, dt.datetime], None]
HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        return function

    return register
