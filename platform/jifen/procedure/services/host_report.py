"""Floating members (流动党员): the host organisation scores them and reports each quarter
to their home organisation (seed 000 §14: 每季度函告党员组织关系所在地党组织), which
accepts the report or returns it for correction. A report is a filing of its own: what
counted for each member in the quarter, as booked, so the home sees the host's points.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jifen import policy
from jifen.ledger.selectors import entries_that_count
from jifen.notifications.links import page_of
from jifen.notifications.services import Text, notify
from jifen.org.models import OrgUnit
from jifen.policy import Action
from jifen.procedure.errors import InvalidStep, ProcedureError
from jifen.procedure.models import HostReport, ReportStatus
from jifen.procedure.services._common import awaiting_review, record_text, reviewed, step
from jifen.subjects.models import Subject


def quarter_of(on: date) -> tuple[date, date]:
    """The calendar quarter containing `on` (the seed's 每季度)."""
    first = date(on.year, 3 * ((on.month - 1) // 3) + 1, 1)
    last_month = first.month + 2
    following = date(on.year + (last_month == 12), last_month % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)


def _lines(subjects: list[Subject], start: date, end: date) -> list[dict]:
    rows = (
        entries_that_count()
        .filter(subject__in=subjects, occurred_on__gte=start, occurred_on__lte=end)
        .order_by("subject_id", "occurred_on", "seq")
        .values_list("subject_id", "occurred_on", "item", "bucket", "points", "rule")
    )
    entries: dict[int, list[dict]] = defaultdict(list)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for subject_id, day, item, bucket, points, rule in rows:
        entries[subject_id].append(
            {"occurred_on": day.isoformat(), "item": item, "bucket": bucket,
             "points": f"{points:f}", "rule": rule}
        )  # fmt: skip
        totals[subject_id] += points
    return [
        {"subject": s.pk, "name": s.name, "points": f"{totals[s.pk]:f}", "entries": entries[s.pk]}
        for s in sorted(subjects, key=lambda s: (s.name, s.pk))
    ]


def host_reports_send(
    *, actor, host_unit: OrgUnit, quarter_start: date, today: date | None = None
) -> list[HostReport]:
    """Send the quarter's report to each home organisation of the floating members that
    `host_unit` scores. Idempotent: a sent or accepted report stays as it was; a returned
    one is sent again with what counts now (corrected)."""
    today = today or timezone.localdate()
    policy.require(actor, Action.SEND_HOST_REPORT, host_unit)
    start, end = quarter_of(quarter_start)
    if end >= today:
        raise ProcedureError(
            _("the quarter %(start)s…%(end)s has not ended yet.") % {"start": start, "end": end}
        )
    floating = Subject.objects.filter(host_unit=host_unit).exclude(home_unit=host_unit)
    by_home: dict[int, list[Subject]] = defaultdict(list)
    for subject in floating.select_related("home_unit"):
        by_home[subject.home_unit_id].append(subject)
    reports = []
    with transaction.atomic():
        for home_id, subjects in sorted(by_home.items()):
            report = (
                HostReport.objects.select_for_update()
                .filter(host_unit=host_unit, home_unit_id=home_id, covers_start=start)
                .first()
            )
            if report is not None and report.status != ReportStatus.RETURNED:
                reports.append(report)
                continue
            again = report is not None
            report = report or HostReport(
                host_unit=host_unit, home_unit_id=home_id, covers_start=start, covers_end=end
            )
            report.lines = _lines(subjects, start, end)
            report.status = ReportStatus.FILED
            report.filed_by, report.filed_at = actor, timezone.now()
            report.save()
            names = "、".join(line["name"] for line in report.lines)
            step("host_report_sent_again" if again else "host_report_sent", actor, names,
                 report=report)  # fmt: skip
            notify(
                recipients=policy.nearest_answerers(report.home_unit),
                kind="host_report_sent",
                title=Text(
                    gettext_lazy(
                        "%(host)s reports on floating members for %(start)s…%(end)s: %(names)s"
                    ),
                    {"host": host_unit.name, "start": start, "end": end, "names": names},
                ),
                link=page_of("HostReport", report.pk),
                dedupe_key=f"host-report:{report.pk}:{report.filed_at:%Y%m%d%H%M%S}",
            )
            reports.append(report)
    return reports


def _sent(report: HostReport) -> HostReport:
    return awaiting_review(
        report, ReportStatus.FILED, ("home_unit", "host_unit"),
        _("the report is %(status)s, not awaiting review."),
    )  # fmt: skip


def host_report_accept(*, actor, report: HostReport) -> HostReport:
    """The home organisation takes the host's report into its own scoring (会议讨论确定)."""
    with transaction.atomic(durable=True):
        report = _sent(report)
        policy.require(actor, Action.RECEIVE_HOST_REPORT, report.home_unit)
        reviewed(report, actor, ReportStatus.ACCEPTED)
        step(
            "host_report_accepted",
            actor,
            record_text(gettext_lazy("by %(unit)s"), {"unit": report.home_unit.name}),
            report=report,
        )
    return report


def host_report_return(*, actor, report: HostReport, reason: str) -> HostReport:
    """The home organisation returns the report to the host with what to correct."""
    if not reason.strip():
        raise InvalidStep(
            _("say what the host is to correct; it is shown to them."), field="reason"
        )
    with transaction.atomic(durable=True):
        report = _sent(report)
        policy.require(actor, Action.RECEIVE_HOST_REPORT, report.home_unit)
        reviewed(report, actor, ReportStatus.RETURNED, reason)
        step("host_report_returned", actor, reason, report=report)
        notify(
            recipients=policy.nearest_answerers(report.host_unit),
            kind="host_report_returned",
            title=Text(
                gettext_lazy("%(home)s returned the report for %(start)s…%(end)s: %(reason)s"),
                {
                    "home": report.home_unit.name,
                    "start": report.covers_start,
                    "end": report.covers_end,
                    "reason": reason,
                },
            ),
            link=page_of("HostReport", report.pk),
            dedupe_key=f"host-report:{report.pk}:returned:{report.reviewed_at:%Y%m%d%H%M%S}",
        )
    return report
