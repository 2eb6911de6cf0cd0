"""A unit whose subjects are scored by two rulesets closes once per ruleset: a village grid
with households (户积分) and villagers (村民积分), by hand and in the year-end rollover."""

import datetime as dt

import pytest

from jifen.access.services import system_actor
from jifen.deadlines.services import deadlines_sweep, local_moment
from jifen.ledger.services import EventInput, event_record
from jifen.org.models import OrgUnit, UnitKind
from jifen.procedure import services as procedure
from jifen.procedure.jobs import deadlines_plan
from jifen.procedure.models import PeriodClose
from jifen.testing.factories import HouseholdFactory, PersonFactory, UnitFactory
from jifen.testing.worlds import publish_template


@pytest.fixture
def grid(yongzhou, in_alpha):
    """A grid under township 2: two households under 户积分, two villagers under 钟祥."""
    township = OrgUnit.objects.get(pk=in_alpha.township_2)
    grid = UnitFactory(parent=township, name="一网格", kind=UnitKind.GRID)
    publish_template("household-140-stars", "household", grid.pk, subject_kind="household")
    publish_template("zhongxiang-village", "villagers", grid.pk, subject_kind="person")
    households = HouseholdFactory.create_batch(2, home_unit=grid)
    villagers = PersonFactory.create_batch(2, home_unit=grid, category="villager")
    actor = system_actor()
    for n, household in enumerate(households):
        event_record(actor=actor, data=EventInput(
            key=f"h{n}", subject_id=household.pk, item="tidy_month",
            occurred_on=dt.date(2026, 5, 1),
        ))  # fmt: skip
    for n, villager in enumerate(villagers):
        event_record(actor=actor, data=EventInput(
            key=f"v{n}", subject_id=villager.pk, item="mediate_dispute", occurred_on=dt.date(2026, 5, 1),
        ))  # fmt: skip
    return grid, households, villagers


def test_a_grid_closes_once_for_each_ruleset_in_force(grid):
    unit, households, villagers = grid
    # when the grid's year is closed
    closes = procedure.period_close(
        actor=system_actor(), unit=unit, period_start=dt.date(2026, 1, 1), today=dt.date(2027, 1, 5)
    )
    # then households are scored by 户积分 and villagers by 钟祥, each with its own results
    by_ruleset = {c.ruleset.code: {r.subject_id for r in c.results.all()} for c in closes}
    assert by_ruleset == {
        "household": {h.pk for h in households},
        "villagers": {v.pk for v in villagers},
    }
    # closing again returns the same closes
    again = procedure.period_close(
        actor=system_actor(), unit=unit, period_start=dt.date(2026, 1, 1), today=dt.date(2027, 1, 5)
    )
    assert {c.pk for c in again} == {c.pk for c in closes}


def test_the_rollover_closes_each_ruleset_of_the_grid(grid):
    unit, _households, _villagers = grid
    deadlines_plan(today=dt.date(2026, 6, 1))
    for hour in (3, 4, 5):  # the rollover rows fan out unit closes, which the next sweep runs
        deadlines_sweep(now=local_moment(dt.date(2027, 1, 1), hour))
    closes = PeriodClose.objects.filter(unit=unit)
    assert sorted(c.ruleset.code for c in closes) == ["household", "villagers"]
    assert all(c.status == "closed" for c in closes)
    # once the results have been publicised (3 days in villages, 7 under 钟祥), both file
    deadlines_sweep(now=local_moment(dt.date(2027, 1, 9), 12))
    filed = PeriodClose.objects.filter(unit=unit)
    assert sorted(c.status for c in filed) == ["filed", "filed"]
    assert {c.filed_at for c in filed} == {local_moment(dt.date(2027, 1, 9), 12)}  # the sweep's
    # the county's own ruleset still closed the branches, and not the grid
    assert not PeriodClose.objects.filter(unit=unit, ruleset__code="yongzhou").exists()
    assert PeriodClose.objects.filter(ruleset__code="yongzhou").count() == 3
