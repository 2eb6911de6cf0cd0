"""A full year of one demo county branch under the shipped 永州 template: bonuses decide who
is 优秀, and the number of 优秀 is the one-third quota (seed 001 五(三)), not zero."""

import datetime as dt

from jifen.access.services import system_actor
from jifen.demo.builders import build_county
from jifen.demo.provision import demo_ruleset_assign
from jifen.ledger.services import EventInput, events_record_bulk
from jifen.org.models import OrgUnit
from jifen.procedure import services as procedure
from jifen.procedure.models import PeriodResult
from jifen.subjects.models import Subject

YEAR = 2025


def _a_year_of(members: list[Subject]) -> list[EventInput]:
    """Member k volunteers k times (2 points each, spread over the months), and every
    fourth member comes late to one party day: a branch where no two rank alike."""
    events = []
    for k, member in enumerate(members):
        for n in range(k):
            day = dt.date(YEAR, n % 12 + 1, 10 + n // 12)
            events.append(EventInput(key=f"v:{member.pk}:{n}", subject_id=member.pk,
                                     item="volunteer", occurred_on=day))  # fmt: skip
        if k % 4 == 3:
            events.append(EventInput(key=f"late:{member.pk}", subject_id=member.pk,
                                     item="party_day_late", occurred_on=dt.date(YEAR, 5, 6)))  # fmt: skip
    return events


def test_bonuses_decide_excellent_and_fill_the_one_third_quota(in_alpha):
    root = OrgUnit.objects.get(pk=in_alpha.root)
    build_county(root)
    demo_ruleset_assign(family="county", root=root, today=dt.date(YEAR + 1, 11, 21))
    branch = OrgUnit.objects.filter(kind="branch", name__endswith="村党支部").order_by("path")[1]
    members = list(procedure.scored_subjects(branch).exclude(exempt_reason__gt="").order_by("pk"))
    events_record_bulk(actor=system_actor(), items=_a_year_of(members))
    [close] = procedure.period_close(
        actor=system_actor(), unit=branch, period_start=dt.date(YEAR, 1, 1),
        today=dt.date(YEAR + 1, 1, 5),
    )  # fmt: skip
    assert close.status == "closed"  # no tie for the committee: the bonuses separate them
    results = list(PeriodResult.objects.filter(close=close, total__isnull=False).order_by("rank"))
    excellent = [r for r in results if r.grade == "excellent"]
    assert len(results) >= 18
    assert len(excellent) == len(results) // 3  # 三分之一: ⌊n / 3⌋ places, all taken
    # the most active volunteers are 优秀, in the order of their bonus points
    bonus = [r.buckets["bonus"] for r in results]
    assert bonus[: len(excellent)] == sorted(bonus, reverse=True)[: len(excellent)]
    assert min(r.total for r in excellent) > max(r.total for r in results[len(excellent) :])
    # everyone without a deduction scores at least 100 (the month starts at 60 + 40)
    assert all(r.total >= 100 for r in results if r.buckets["basic"] == 60)
