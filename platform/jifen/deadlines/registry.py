"""Deadline handlers by kind. A handler must be idempotent: it may run again after a crash."""

from __future__ import annotations

from collections.abc import Callable

from jifen.deadlines.models import Deadline

Handler = Callable[[Deadline], None]
HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        return function

    return register
