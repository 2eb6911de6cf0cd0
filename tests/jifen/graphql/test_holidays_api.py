"""The calendar through GraphQL: everyone signed in reads it, tenant administrators keep
its local days (not a secretary, not a superior of a subtree, not another tenant's admin)."""

from django_tenants.utils import schema_context

from jifen.audit.models import AuditRecord
from jifen.deadlines.models import LocalDay
from tests.jifen.graphql.conftest import codes

CALENDAR = """query($year: Int!) { holidayCalendar(year: $year) {
  year entered notice days { day kind name local } } calendarGaps }"""
SET = """mutation { localDaySet(day: "2026-04-20", kind: HOLIDAY, name: "三月三") {
  calendarDay { day kind name local } errors { field code message } } }"""
REMOVE = """mutation { localDayRemove(day: "2026-04-20") { removed errors { code } } }"""


def test_a_member_reads_the_official_calendar_of_an_entered_year(users, client_for):
    result = client_for("alpha", "member_1").graphql(CALENDAR, {"year": 2026})
    calendar = result["data"]["holidayCalendar"]
    assert calendar["entered"] is True and calendar["year"] == 2026
    national_day = [d for d in calendar["days"] if d["day"] == "2026-10-01"]
    assert national_day == [
        {"day": "2026-10-01", "kind": "HOLIDAY", "name": "国庆节", "local": False}
    ]
    worked = {d["day"] for d in calendar["days"] if d["kind"] == "WORKDAY"}
    assert "2026-10-10" in worked  # a Saturday worked for the National Day holiday


def test_a_year_nobody_entered_reads_as_not_entered(users, client_for):
    calendar = client_for("alpha", "member_1").graphql(CALENDAR, {"year": 2031})["data"]
    assert calendar["holidayCalendar"] == {
        "year": 2031, "entered": False, "notice": None, "days": [],
    }  # fmt: skip


def test_the_administrator_adds_and_removes_a_local_day_with_an_audit_row(users, client_for):
    admin = client_for("alpha", "admin")
    result = admin.graphql(SET)["data"]["localDaySet"]
    assert result == {
        "calendarDay": {"day": "2026-04-20", "kind": "HOLIDAY", "name": "三月三", "local": True},
        "errors": [],
    }
    days = admin.graphql(CALENDAR, {"year": 2026})["data"]["holidayCalendar"]["days"]
    assert {"day": "2026-04-20", "kind": "HOLIDAY", "name": "三月三", "local": True} in days
    assert admin.graphql(REMOVE)["data"]["localDayRemove"] == {"removed": True, "errors": []}
    assert list(
        AuditRecord.objects.filter(action__startswith="calendar.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["calendar.local_day_set", "calendar.local_day_remove"]


def test_local_days_need_the_tenant_administrator(users, client_for):
    for username in ("secretary_1", "county", "member_1"):
        assert codes(client_for("alpha", username).graphql(SET), "localDaySet") == [
            "PERMISSION_DENIED"
        ]
    assert not LocalDay.objects.exists()


def test_another_tenants_administrator_changes_only_their_own_calendar(users, client_for):
    assert codes(client_for("beta", "admin").graphql(SET), "localDaySet") == []
    with schema_context("alpha"):
        assert not LocalDay.objects.exists()
    days = client_for("alpha", "admin").graphql(CALENDAR, {"year": 2026})["data"]
    assert all(not d["local"] for d in days["holidayCalendar"]["days"])
