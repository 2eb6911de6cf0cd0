"""Deadlines in calendar days or Chinese working days (publicity, objection answers).

A ruleset's procedure holds durations as data (`publicity_days: 7`, `publicity_calendar:
working`); this module turns one into a date. Pure: no I/O, no clock.

Counting: the start day is not counted, the period runs from the next day (the rule of
《民法典》第二百零一条), and the deadline is the last day of the period. So 7 calendar days
from Friday 2024-09-27 end on 2024-10-04; 7 working days end on 2024-10-12, because the
National Day holiday (10-01..07) is skipped and Sunday 09-29 and Saturday 10-12 are adjusted
working days (调休).

Working days come from the `chinese-calendar` package, which ships the State Council's yearly
holiday notices and so covers years up to the last notice it knows. For a later year the
caller either upgrades the package or sets that year's days manually (`holidays=`,
`workdays=` taken from the notice); with neither, `CalendarNotCovered` says which.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from importlib.metadata import PackageNotFoundError, version
from typing import Literal

import chinese_calendar

from rulesets.errors import RulesetError

Calendar = Literal["calendar", "working"]


class CalendarNotCovered(RulesetError):
    """The working-day calendar of a year is unknown to the installed chinese-calendar."""

    def __init__(self, year: int):
        self.year = year
        self.hint = (
            f"upgrade chinese-calendar, or pass that year's holidays and adjusted working "
            f"days (调休) from the State Council notice as holidays=/workdays= for {year}"
        )
        super().__init__(
            f"no working-day calendar for {year}: chinese-calendar {package_version()} "
            f"covers years up to {covered_until()}; upgrade it or set the holidays manually"
        )


def package_version() -> str:
    try:
        return version("chinese_calendar")
    except PackageNotFoundError:  # pragma: no cover - the module imported, so it is installed
        return "unknown"


def covered_until() -> int:
    """The last year the installed chinese-calendar knows the holidays of."""
    return max(day.year for day in chinese_calendar.holidays)


def is_working_day(
    day: date, *, holidays: Collection[date] = (), workdays: Collection[date] = ()
) -> bool:
    """Whether `day` is a working day; manual `holidays`/`workdays` win over the package.

    For a year the package does not cover, a year with at least one manual date counts
    Monday to Friday as working days plus the manual adjustments; otherwise it raises
    `CalendarNotCovered`.
    """
    if day in holidays:
        return False
    if day in workdays:
        return True
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        if any(d.year == day.year for d in (*holidays, *workdays)):
            return day.weekday() < 5
        raise CalendarNotCovered(day.year) from None


def deadline(
    start: date,
    days: int,
    calendar: Calendar = "calendar",
    *,
    holidays: Collection[date] = (),
    workdays: Collection[date] = (),
) -> date:
    """The last day of a period of `days` days counted from the day after `start`.

    `calendar="calendar"` counts every day (any year, no package needed);
    `calendar="working"` counts Chinese working days only (see `is_working_day`).
    `days == 0` gives `start`. Raises `ValueError` for negative days or an unknown calendar,
    `CalendarNotCovered` for a working-day period in a year the package does not know.
    """
    if days < 0:
        raise ValueError(f"days must be 0 or more, got {days}")
    if calendar == "calendar":
        return start + timedelta(days=days)
    if calendar != "working":
        raise ValueError(f"calendar must be 'calendar' or 'working', got {calendar!r}")
    day, left = start, days
    while left:
        day += timedelta(days=1)
        if is_working_day(day, holidays=holidays, workdays=workdays):
            left -= 1
    return day
