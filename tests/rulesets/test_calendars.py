"""Deadlines in calendar and Chinese working days, with the package's holiday data."""

from __future__ import annotations

from datetime import date

import pytest

from rulesets.calendars import CalendarNotCovered, covered_until, deadline, is_working_day


def test_calendar_days_count_from_the_next_day():
    # seed 001 / 000 §1: 公示7天; the start day is not counted
    assert deadline(date(2024, 9, 27), 7, "calendar") == date(2024, 10, 4)
    assert deadline(date(2024, 9, 27), 0, "working") == date(2024, 9, 27)


def test_2024_national_day_and_its_adjusted_working_weekend_days():
    # 2024-10-01..07 off; Sunday 09-29 and Saturday 10-12 are adjusted working days (调休)
    assert is_working_day(date(2024, 9, 29)) and is_working_day(date(2024, 10, 12))
    assert not is_working_day(date(2024, 9, 28)) and not is_working_day(date(2024, 10, 7))
    # from Friday 09-27: 09-29 (1), 09-30 (2), holiday, 10-08 (3) … 10-11 (6), 10-12 (7)
    assert deadline(date(2024, 9, 27), 7, "working") == date(2024, 10, 12)


def test_2025_spring_festival_and_national_day():
    # Spring Festival 2025-01-28..02-04 off, Sunday 01-26 worked: 01-26 (1), 01-27 (2), 02-05 (3)
    assert deadline(date(2025, 1, 24), 3, "working") == date(2025, 2, 5)
    # National Day 2025-10-01..08 off: from 09-30, 10-09 (1), 10-10 (2)
    assert deadline(date(2025, 9, 30), 2, "working") == date(2025, 10, 10)


def test_a_year_the_package_does_not_cover_is_a_clear_error():
    year = covered_until() + 1
    with pytest.raises(
        CalendarNotCovered,
        match=rf"chinese-calendar \S+ covers years up to {year - 1}; upgrade it or set the "
        "holidays manually",
    ) as caught:
        deadline(date(year, 3, 2), 5, "working")
    assert caught.value.year == year and "holidays=/workdays=" in caught.value.hint
    assert deadline(date(year, 3, 2), 5, "calendar") == date(year, 3, 7)  # no package needed


def test_manual_holidays_cover_a_year_the_package_does_not_know():
    year = covered_until() + 1
    start = date(year, 9, 30)
    off = [date(year, 10, d) for d in range(1, 8)]
    worked = [start.replace(day=28)]
    # weekdays count, the manual holiday week does not, whatever weekday it falls on
    end = deadline(start, 3, "working", holidays=off, workdays=worked)
    expected = [d for d in (date(year, 10, n) for n in range(8, 20)) if d.weekday() < 5][2]
    assert end == expected


def test_bad_arguments():
    with pytest.raises(ValueError, match="days must be 0 or more"):
        deadline(date(2024, 1, 1), -1)
    with pytest.raises(ValueError, match="calendar must be"):
        deadline(date(2024, 1, 1), 1, "lunar")  # type: ignore[arg-type]
