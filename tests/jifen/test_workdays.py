"""Working-day deadlines never stop: known years use the holiday calendar, later ones fall
back to Monday–Friday plus what the operators set."""

import datetime as dt

from jifen.workdays import deadline


def test_known_year_skips_the_national_day_holiday_and_counts_adjusted_weekends():
    # Friday 2024-09-27 + 7 working days: 09-29 (Sunday, 调休) counts, 10-01..07 do not,
    # 10-12 (Saturday, 调休) counts
    assert deadline(dt.date(2024, 9, 27), 7, "working") == dt.date(2024, 10, 12)


def test_calendar_days_ignore_holidays():
    assert deadline(dt.date(2024, 9, 27), 7, "calendar") == dt.date(2024, 10, 4)


def test_uncovered_year_counts_weekdays_and_operator_holidays(settings):
    # 2031 is beyond any notice the package knows: Monday 2031-09-29 + 5 weekdays
    assert deadline(dt.date(2031, 9, 29), 5, "working") == dt.date(2031, 10, 6)
    settings.EXTRA_HOLIDAYS = "2031-10-01,2031-10-02,2031-10-03"
    settings.EXTRA_WORKDAYS = "2031-10-04"  # a Saturday worked in exchange
    # 09-30 (1), 10-04 Saturday worked (2), 10-06 (3), 10-07 (4), 10-08 (5)
    assert deadline(dt.date(2031, 9, 29), 5, "working") == dt.date(2031, 10, 8)
