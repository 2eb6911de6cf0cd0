"""Working-day deadlines for the platform: the Chinese public-holiday calendar, plus what
the operators add, and a fallback so that deadlines never stop.

`chinese-calendar` ships the State Council's yearly holiday notices, so it covers years up
to the last notice it knows (the notice for a year usually comes out in the November before).
For a year it does not cover:
1. operators set that year's days from the notice in `JIFEN_EXTRA_HOLIDAYS` and
   `JIFEN_EXTRA_WORKDAYS` (comma-separated ISO dates; 调休 weekend working days go in the
   latter) — no release needed; or upgrade the package;
2. otherwise Monday to Friday count as working days, a warning is logged and sent to
   Sentry, and a deadline may fall a few days early around the holidays the notice adds.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import structlog

from rulesets.calendars import Calendar, CalendarNotCovered
from rulesets.calendars import deadline as _deadline

log = structlog.get_logger(__name__)


def _dates(name: str) -> frozenset[dt.date]:
    from django.conf import settings

    raw = getattr(settings, name, "") or ""
    return frozenset(dt.date.fromisoformat(part.strip()) for part in raw.split(",") if part.strip())


@cache
def _warned(year: int) -> bool:
    import sentry_sdk

    message = (
        f"no holiday calendar for {year}: counting Monday–Friday. Set JIFEN_EXTRA_HOLIDAYS and "
        "JIFEN_EXTRA_WORKDAYS from the State Council notice, or upgrade chinese-calendar."
    )
    log.warning("workdays.calendar_not_covered", year=year, message=message)
    sentry_sdk.capture_message(message, level="warning")
    return True


def deadline(start: dt.date, days: int, calendar: Calendar = "calendar") -> dt.date:
    """The last day of `days` calendar or working days counted from the day after `start`."""
    holidays, workdays = _dates("EXTRA_HOLIDAYS"), _dates("EXTRA_WORKDAYS")
    try:
        return _deadline(start, days, calendar, holidays=holidays, workdays=workdays)
    except CalendarNotCovered as exc:
        _warned(exc.year)
        day, left = start, days
        while left:
            day += dt.timedelta(days=1)
            if day in workdays or (day.weekday() < 5 and day not in holidays):
                left -= 1
        return day
