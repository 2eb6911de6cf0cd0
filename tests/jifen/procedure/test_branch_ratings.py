"""Branch star ratings (支部评星, seed 002) at the close of the branches' superior: the stars
its committee awarded, beside its members' average from the branches' own closes."""

from datetime import date
from decimal import Decimal

import pytest

from jifen.access.services import system_actor
from jifen.ledger.services import EventInput, event_record
from jifen.org.models import OrgUnit
from jifen.procedure import services as procedure
from jifen.procedure.errors import ProcedureError
from jifen.subjects.models import Subject
from jifen.testing.factories import RatedUnitFactory
from jifen.testing.worlds import publish_template

YEAR = date(2026, 1, 1)
AFTER = date(2027, 1, 5)


@pytest.fixture
def rated(yongzhou, in_alpha):
    """Township 1 rates its two branches with the branch-stars template."""
    township = OrgUnit.objects.get(pk=in_alpha.township_1)
    publish_template("branch-stars", "branch-stars", township.pk, subject_kind="unit")
    for branch in OrgUnit.objects.get_children(township):
        RatedUnitFactory(represents_unit=branch)
    return township


def _award(branch_name, *stars):
    subject = Subject.objects.get(kind="unit", name=branch_name)
    for star in stars:
        data = EventInput(key=f"{branch_name}:{star}", subject_id=subject.pk, item=star,
                          occurred_on=date(2026, 12, 10))  # fmt: skip
        event_record(actor=system_actor(), data=data)


def _close(users, unit, **kw):
    return procedure.period_close(
        actor=users["county"], unit=unit, period_start=YEAR, today=AFTER, **kw
    )


def test_the_superior_rates_its_branches_after_they_closed(rated, users):
    _award("甲县一支部", "study_star", "safety_star", "performance_star", "integrity_star")
    _award("甲县二支部", "safety_star", "performance_star", "integrity_star")
    branch_1, branch_2 = OrgUnit.objects.get_children(rated)
    stars = rated.ruleset_assignments.get().ruleset
    yi = Subject.objects.get(name="甲县党员乙")
    event_record(actor=system_actor(), data=EventInput(
        key="yi-march", subject_id=yi.pk, item="task_not_done", occurred_on=date(2026, 3, 5)))  # fmt: skip
    [_] = _close(users, branch_2)  # 丙 alone: 100
    with pytest.raises(ProcedureError, match="甲县一支部 has not closed 2026-01-01…2026-12-31"):
        _close(users, rated, ruleset=stars)
    # branch 1: 甲 and the floating member it hosts tie at 100; the committee picks 甲
    [close_1] = _close(users, branch_1)
    [decision] = close_1.decisions.all()
    procedure.quota_decide(
        actor=users["secretary_1"], decision=decision,
        chosen_ids=[Subject.objects.get(name="甲县党员甲").pk], reason="议定", today=AFTER,
    )  # fmt: skip
    [close] = _close(users, rated, ruleset=stars)
    results = {r.subject.name: r for r in close.results.select_related("subject")}
    assert {name: (r.total, r.grade) for name, r in results.items()} == {
        "甲县一支部": (Decimal("4.0000"), "four_star"),
        "甲县二支部": (Decimal("3.0000"), "three_star"),
    }
    # the members' average of each branch, from the branches' closes: 乙 lost a duty point
    # in March, (100 × 11 + 99) / 12 = 99.92 (rounded to 2 places by the template);
    # branch 1 = (100 + 99.92 + 100) / 3 = 99.9733
    assert close_1.results.get(subject=yi).total == Decimal("99.9200")
    assert results["甲县一支部"].formulas == {"members_average": pytest.approx(299.92 / 3)}
    assert results["甲县二支部"].formulas == {"members_average": 100.0}


def test_the_rollover_rates_the_branches_once_their_committee_decided(rated, users):
    from jifen.deadlines.services import deadlines_sweep, local_moment
    from jifen.procedure.jobs import deadlines_plan
    from jifen.procedure.models import PeriodClose

    _award("甲县二支部", "safety_star", "performance_star", "integrity_star")
    deadlines_plan(today=date(2026, 6, 1))
    deadlines_sweep(now=local_moment(date(2027, 1, 1), 3))
    status = {c.unit.name: c.status for c in PeriodClose.objects.select_related("unit")}
    # branch 1 waits for its committee (a tie at 100), so the township's rating waits too
    assert status["甲县一支部"] == "awaiting_decision"
    assert "甲县一镇党委" not in status
    [decision] = PeriodClose.objects.get(unit__name="甲县一支部").decisions.all()
    procedure.quota_decide(
        actor=users["secretary_1"], decision=decision,
        chosen_ids=[Subject.objects.get(name="甲县党员甲").pk], reason="议定",
        today=date(2027, 1, 1),
    )  # fmt: skip
    deadlines_sweep(now=local_moment(date(2027, 1, 1), 10))
    rating = PeriodClose.objects.get(unit__name="甲县一镇党委")
    grades = {r.subject.name: r.grade for r in rating.results.select_related("subject")}
    assert grades == {"甲县一支部": "unrated", "甲县二支部": "three_star"}
