"""Dashboards are recomputed only for units under which something changed."""

import datetime as dt
from decimal import Decimal

from jifen.access.services import system_actor
from jifen.dashboards.models import UnitDashboard
from jifen.dashboards.services import dashboards_refresh
from jifen.graphql.ids import Node
from jifen.ledger.services import EventInput, event_record
from jifen.org.models import OrgUnit
from jifen.subjects.models import Subject

DAY = dt.date(2026, 5, 6)


def _stamps():
    return dict(UnitDashboard.objects.values_list("unit__name", "computed_at"))


def test_first_refresh_computes_every_unit_then_only_what_changed(yongzhou, in_alpha):
    assert dashboards_refresh(on=DAY) == OrgUnit.objects.count() == 6
    before = _stamps()
    assert dashboards_refresh(on=DAY) == 0  # nothing happened since
    member = Subject.objects.get(name="甲县党员乙")  # branch 1, township 1
    event_record(
        actor=system_actor(),
        data=EventInput(key="v", subject_id=member.pk, item="volunteer", occurred_on=DAY),
    )
    assert dashboards_refresh(on=DAY) == 3  # branch 1, township 1, the county
    after = _stamps()
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed == ["甲县", "甲县一支部", "甲县一镇党委"]
    county = UnitDashboard.objects.get(unit__name="甲县")
    assert (county.subjects, county.events, county.points_counted) == (5, 1, Decimal("2.0000"))
    branch_2 = UnitDashboard.objects.get(unit__name="甲县二支部")
    assert (branch_2.subjects, branch_2.events) == (1, 0)


def test_dashboard_query_is_scoped(yongzhou, in_alpha, client_for):
    branch_2 = Node.to_global_id("OrgUnit", in_alpha.branch_2)
    assert not UnitDashboard.objects.exists()  # not refreshed yet: the query computes it
    query = "query($u: ID!) { dashboard(unit: $u) { subjects redeemerShare } }"
    assert client_for("alpha", "county").graphql(query, {"u": branch_2})["data"]["dashboard"] == {
        "subjects": 1,
        "redeemerShare": 0.0,
    }
    assert (
        client_for("alpha", "secretary_1").graphql(query, {"u": branch_2})["data"]["dashboard"]
        is None
    )
    assert not UnitDashboard.objects.exists()  # and stores nothing: reads never write
