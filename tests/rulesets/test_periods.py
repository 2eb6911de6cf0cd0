"""Periods tile the calendar from their start, and a term that does not divide the year
starts once a year, leaving days outside every term."""

from datetime import date

import pytest

from rulesets.contracts import Period
from rulesets.errors import OutsidePeriods
from rulesets.periods import period_containing


def _doc(**period):
    return {"period": period}


def test_years_quarters_and_years_from_july_tile_the_calendar():
    assert period_containing(_doc(unit="year", starts="07-01"), date(2026, 3, 1)) == Period(
        date(2025, 7, 1), date(2026, 6, 30)
    )
    assert period_containing(_doc(unit="quarter"), date(2026, 5, 20)) == Period(
        date(2026, 4, 1), date(2026, 6, 30)
    )


def test_six_month_school_terms_follow_each_other():
    terms = _doc(unit="term", starts="09-01", term_months=6)
    assert period_containing(terms, date(2027, 1, 15)) == Period(
        date(2026, 9, 1), date(2027, 2, 28)
    )
    assert period_containing(terms, date(2027, 3, 1)) == Period(date(2027, 3, 1), date(2027, 8, 31))


def test_a_ten_month_term_from_march_leaves_january_and_february_outside():
    # seed 000 §5: 关渠村 scores March to December
    term = _doc(unit="term", starts="03-01", term_months=10)
    assert period_containing(term, date(2017, 12, 31)) == Period(
        date(2017, 3, 1), date(2017, 12, 31)
    )
    assert period_containing(term, date(2018, 3, 1)) == Period(date(2018, 3, 1), date(2018, 12, 31))
    with pytest.raises(OutsidePeriods, match="2018-01-15 is in no period"):
        period_containing(term, date(2018, 1, 15))
