"""Floating members: the host scores them and reports each quarter to their home
organisation (seed 000 §14), which accepts the report or returns it for correction."""

import datetime as dt
from decimal import Decimal

import pytest

from jifen.access.services import system_actor
from jifen.deadlines.services import deadlines_sweep, local_moment
from jifen.errors import PermissionDenied
from jifen.ledger.models import Entry
from jifen.ledger.services import EventInput, entry_correct, event_record
from jifen.notifications.models import Notification
from jifen.org.models import OrgUnit
from jifen.procedure import services as procedure
from jifen.procedure.errors import ProcedureError
from jifen.procedure.jobs import deadlines_plan
from jifen.procedure.models import HostReport
from jifen.subjects.models import Subject

AFTER_Q1 = dt.date(2026, 4, 2)


def _floating_member_booked():
    floating = Subject.objects.get(name="甲县流动党员")
    for key, item, day in [
        ("f-volunteer", "volunteer", dt.date(2026, 2, 10)),
        ("f-late", "party_day_late", dt.date(2026, 3, 3)),
        ("f-april", "volunteer", dt.date(2026, 4, 8)),  # the next quarter
    ]:
        event_record(actor=system_actor(), data=EventInput(
            key=key, subject_id=floating.pk, item=item, occurred_on=day))  # fmt: skip
    return floating


def test_the_host_reports_the_quarter_to_the_home_organisation(yongzhou, users):
    floating = _floating_member_booked()
    host = floating.host_unit
    with pytest.raises(ProcedureError, match="has not ended yet"):
        procedure.host_reports_send(
            actor=users["secretary_1"], host_unit=host, quarter_start=dt.date(2026, 1, 1),
            today=dt.date(2026, 3, 31),
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        procedure.host_reports_send(
            actor=users["secretary_2"], host_unit=host, quarter_start=dt.date(2026, 1, 1),
            today=AFTER_Q1,
        )  # fmt: skip
    [report] = procedure.host_reports_send(
        actor=users["secretary_1"], host_unit=host, quarter_start=dt.date(2026, 2, 15),
        today=AFTER_Q1,
    )  # fmt: skip
    assert (report.home_unit.name, report.covers_start, report.covers_end) == (
        "甲县三支部", dt.date(2026, 1, 1), dt.date(2026, 3, 31),
    )  # fmt: skip
    [line] = report.lines
    assert line["name"] == "甲县流动党员"
    assert [(e["item"], Decimal(e["points"])) for e in line["entries"]] == [
        ("volunteer", Decimal("2")), ("party_day_late", Decimal("-1")),
    ]  # fmt: skip
    assert Decimal(line["points"]) == Decimal("1")
    assert Notification.objects.filter(kind="host_report_sent", recipient=users["county"]).exists()
    # sending again changes nothing
    again = procedure.host_reports_send(
        actor=users["secretary_1"], host_unit=host, quarter_start=dt.date(2026, 1, 1),
        today=AFTER_Q1,
    )  # fmt: skip
    assert again == [report] and HostReport.objects.count() == 1


def test_the_home_returns_a_report_and_the_host_sends_it_corrected(yongzhou, users):
    floating = _floating_member_booked()
    host = floating.host_unit
    [report] = procedure.host_reports_send(
        actor=users["secretary_1"], host_unit=host, quarter_start=dt.date(2026, 1, 1),
        today=AFTER_Q1,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):  # the host cannot accept its own report
        procedure.host_report_accept(actor=users["secretary_1"], report=report)
    report = procedure.host_report_return(
        actor=users["county"], report=report, reason="三月迟到有请假条，请核实"
    )
    assert report.status == "returned"
    entry = Entry.objects.get(event__key="f-late")
    entry_correct(actor=users["secretary_1"], entry=entry, reason="有请假条")
    [report] = procedure.host_reports_send(
        actor=users["secretary_1"], host_unit=host, quarter_start=dt.date(2026, 1, 1),
        today=dt.date(2026, 4, 9),
    )  # fmt: skip
    assert report.status == "filed"
    assert [e["item"] for e in report.lines[0]["entries"]] == ["volunteer"]
    report = procedure.host_report_accept(actor=users["county"], report=report)
    assert report.status == "accepted"
    assert [s.action for s in report.steps.order_by("pk")] == [
        "host_report_sent", "host_report_returned", "host_report_sent_again",
        "host_report_accepted",
    ]  # fmt: skip


def test_the_quarters_end_sends_every_hosts_reports(yongzhou, users):
    _floating_member_booked()
    deadlines_plan(today=dt.date(2026, 3, 15))
    deadlines_sweep(now=local_moment(dt.date(2026, 4, 1), 4))
    [report] = HostReport.objects.all()
    assert report.host_unit == OrgUnit.objects.get(name="甲县一支部")
    assert report.filed_by.is_system
