"""Periods and sub-periods (year from 1 January, 1 July or 1 December; quarters; months …)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from rulesets.contracts import Period
from rulesets.errors import OutsidePeriods
from rulesets.i18n import _

MONTHS = {"year": 12, "half": 6, "quarter": 3, "month": 1}


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_containing(document: Mapping[str, Any], day: date) -> Period:
    """The period of `document` that contains `day`.

    Periods tile the calendar from `starts`, except a `term` whose length does not divide
    the year (关渠村's ten months from 1 March): it starts once a year, and a day between two
    terms is in none (`OutsidePeriods`).
    """
    spec = document["period"]
    unit = spec["unit"]
    if unit == "week":
        start = day - timedelta(days=day.weekday())
        return Period(start, start + timedelta(days=6))
    months = MONTHS.get(unit, spec.get("term_months", 6))
    month, dom = (int(x) for x in spec.get("starts", "01-01").split("-"))
    if 12 % months:
        return _yearly_term(day, month, dom, months)
    anchor = date(day.year, month, 1)
    while anchor > day:
        anchor = add_months(anchor, -months)
    while add_months(anchor, months) <= day:
        anchor = add_months(anchor, months)
    start = anchor.replace(day=dom) if dom != 1 else anchor
    return Period(start, add_months(anchor, months) - timedelta(days=1))


def _yearly_term(day: date, month: int, dom: int, months: int) -> Period:
    for year in (day.year, day.year - 1):
        start = date(year, month, dom)
        end = add_months(date(year, month, 1), months) - timedelta(days=1)
        if start <= day <= end:
            return Period(start, end)
    raise OutsidePeriods(
        _("%(day)s is in no period: each term runs %(months)s months from %(start)s.")
        % {"day": day.isoformat(), "months": months, "start": f"{month:02d}-{dom:02d}"}
    )


def period_from_start(document: Mapping[str, Any], start: date) -> Period:
    return period_containing(document, start)


def sub_periods(period: Period, unit: str) -> list[Period]:
    """Consecutive sub-periods of `unit` covering `period`."""
    if unit in ("period", "none"):
        return [period]
    out = []
    if unit == "week":
        cursor = period.start
        while cursor <= period.end:
            out.append(Period(cursor, min(period.end, cursor + timedelta(days=6))))
            cursor += timedelta(days=7)
        return out
    step = MONTHS[unit]
    cursor = period.start
    while cursor <= period.end:
        nxt = add_months(cursor, step)
        out.append(Period(cursor, min(period.end, nxt - timedelta(days=1))))
        cursor = nxt
    return out


def index_of(parts: list[Period], day: date) -> int:
    for i, part in enumerate(parts):
        if part.start <= day <= part.end:
            return i
    return -1


def months_between(earlier: date, later: date) -> int:
    """Whole months from `earlier` to `later` (joined 2024-03-15 -> 2024-09-14: 5)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return months
