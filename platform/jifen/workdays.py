"""Working-day deadlines for the platform, from the one calendar everyone keeps.

The official days are data (`jifen.holidays`: the State Council's notice of each year,
seeded from chinese-calendar for the years it knows and entered by the operators for later
ones, `jifen calendar import`); each tenant adds its local days (`jifen.deadlines.LocalDay`).
Publicity, objection answers, filings, inspection plans and reminders all count here.

A deadline that counts through a year nobody has entered yet still comes out (Monday to
Friday count, so it may fall early around that year's holidays) but is *provisional*: it
says so (`Due.provisional`), the year is listed for the operators (`CalendarGap`, the
admin, a Sentry warning), and once the year is entered the pending deadlines are counted
again (`jifen.holidays.recompute`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import structlog

from rulesets.calendars import Calendar

log = structlog.get_logger(__name__)

_warned: set[int] = set()  # years this process has told Sentry about


@dataclass(frozen=True)
class Due:
    day: dt.date
    # the years it counted Monday to Friday because their calendar is not entered
    provisional: tuple[int, ...] = ()


class WorkingDays:
    """The official and local days of a span, read once for a count."""

    def __init__(self, first: dt.date, last: dt.date):
        from django.db import connection

        from jifen.holidays.models import HolidayDay, HolidayYear

        self.entered = set(
            HolidayYear.objects.filter(year__range=(first.year, last.year)).values_list(
                "year", flat=True
            )
        )
        self.official = dict(
            HolidayDay.objects.filter(day__range=(first, last)).values_list("day", "kind")
        )
        self.local: dict[dt.date, str] = {}
        if getattr(connection, "schema_name", "public") != "public":
            from jifen.deadlines.models import LocalDay

            self.local = dict(
                LocalDay.objects.filter(day__range=(first, last)).values_list("day", "kind")
            )

    def working(self, day: dt.date) -> tuple[bool, bool]:
        """(is a working day, counted provisionally)."""
        kind = self.local.get(day) or self.official.get(day)
        if kind is not None:
            return kind == "workday", False
        return day.weekday() < 5, day.year not in self.entered


def due(start: dt.date, days: int, calendar: Calendar = "calendar") -> Due:
    """The last day of `days` calendar or working days counted from the day after `start`
    (the rule of 《民法典》第二百零一条)."""
    if days < 0:
        raise ValueError(f"days must be 0 or more, got {days}")
    if calendar == "calendar":
        return Due(start + dt.timedelta(days=days))
    if calendar != "working":
        raise ValueError(f"calendar must be 'calendar' or 'working', got {calendar!r}")
    span = dt.timedelta(days=days * 2 + 40)
    known = WorkingDays(start, start + span)
    day, left, provisional = start, days, set()
    while left:
        day += dt.timedelta(days=1)
        if day > start + span:
            span *= 2
            known = WorkingDays(start, start + span)
        working, guessed = known.working(day)
        if guessed:
            provisional.add(day.year)
        if working:
            left -= 1
    if provisional:
        for year in sorted(provisional):
            calendar_gap_note(year, f"a {days}-working-day deadline from {start}")
    return Due(day, tuple(sorted(provisional)))


def deadline(start: dt.date, days: int, calendar: Calendar = "calendar") -> dt.date:
    """`due(...).day`, for callers that keep no record of the count."""
    return due(start, days, calendar).day


def calendar_gap_note(year: int, example: str) -> None:
    """Tell the operators (admin, log, Sentry once per process and year) that deadlines
    reach a year whose holidays are not entered."""
    from jifen.holidays.models import CalendarGap

    _gap, created = CalendarGap.objects.update_or_create(
        year=year, defaults={"example": example[:200]}
    )
    if created or year not in _warned:
        _warned.add(year)
        import sentry_sdk

        message = (
            f"no holiday calendar entered for {year}: deadlines count Monday to Friday until "
            f"an operator enters the State Council notice (jifen calendar import FILE)"
        )
        log.warning("workdays.calendar_not_entered", year=year, example=example)
        sentry_sdk.capture_message(message, level="warning")
