"""Reading the calendar as deadlines count it (official days, then the tenant's own)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection

from jifen.holidays.models import CalendarGap, HolidayDay, HolidayYear


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    kind: str
    name: str
    local: bool


@dataclass(frozen=True)
class YearCalendar:
    year: int
    entered: bool
    notice: str | None
    days: tuple[CalendarDay, ...]


def calendar_of(*, year: int) -> YearCalendar:
    """`year`'s official days, overridden by the current tenant's local days."""
    entered = HolidayYear.objects.filter(year=year).first()
    days = {
        d.day: CalendarDay(d.day, d.kind, d.name, False)
        for d in HolidayDay.objects.filter(day__year=year)
    }
    if getattr(connection, "schema_name", "public") != "public":
        from jifen.deadlines.models import LocalDay

        for d in LocalDay.objects.filter(day__year=year):
            days[d.day] = CalendarDay(d.day, d.kind, d.name, True)
    return YearCalendar(
        year, entered is not None, entered.notice if entered else None,
        tuple(sorted(days.values(), key=lambda d: d.day)),
    )  # fmt: skip


def calendar_gaps() -> list[int]:
    return list(CalendarGap.objects.values_list("year", flat=True))
