"""What happens when the procedure's deadlines fall due (registered deadline handlers),
and the planning that turns each assigned ruleset's calendar into deadline rows.

Every handler is idempotent: it may run again after a crash, or the row may be retried.
Handlers take the sweep's clock (`now`) and act as the tenant's system actor; they never
read the wall clock, so tests and simulations pass the time they mean.
"""

from __future__ import annotations

import datetime as dt

import structlog
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy

import rulesets
from jifen.access.services import system_actor
from jifen.deadlines.models import Deadline
from jifen.deadlines.registry import handler
from jifen.deadlines.services import (
    DeadlineSpec,
    deadline_schedule,
    deadlines_schedule,
    local_moment,
)
from jifen.notifications.links import page_of
from jifen.notifications.services import Text, notify
from jifen.org.models import OrgUnit
from jifen.policy import answerers
from jifen.procedure import services as procedure
from jifen.procedure.errors import MembersNotClosed
from jifen.procedure.models import Board, BoardStatus, Declaration, DeclarationStatus, PeriodClose
from jifen.redemption.jobs import EXPIRY_NOTICE_DAYS
from jifen.rulebook.models import Ruleset, RulesetAssignment
from jifen.rulebook.selectors import (
    assignments_in_force,
    document_in_force,
    ruleset_for_unit,
)
from jifen.subjects.models import Subject
from rulesets.errors import OutsidePeriods
from rulesets.periods import period_containing, sub_periods

log = structlog.get_logger(__name__)

REVIEW_UNITS = {"monthly": "month", "quarterly": "quarter", "half_yearly": "half", "yearly": "year"}
DECLARE_UNITS = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}
REMIND_DAYS_BEFORE = 3
REVIEW_OVERDUE_DAYS = 3
FILING_GRACE_DAYS = 15
MEMBERS_RETRY = dt.timedelta(hours=6)


# --- planning ----------------------------------------------------------------------------------


DAY = dt.timedelta(days=1)


def _spec(
    kind: str, assignment: RulesetAssignment, span: rulesets.Period, due: dt.date, hour: int
) -> DeadlineSpec:
    """A calendar deadline of one assigned ruleset for one span (sub-period or period)."""
    return DeadlineSpec(
        kind=kind,
        key=f"{KEY_PREFIX[kind]}:{assignment.unit_id}:{assignment.ruleset_id}:{span.start}:{span.end}",
        due_at=local_moment(due, hour),
        payload={
            "unit": assignment.unit_id,
            "ruleset": assignment.ruleset_id,
            "kind": assignment.subject_kind,
            "start": span.start.isoformat(),
            "end": span.end.isoformat(),
        },
    )


# Deadline keys name the moment; these prefixes are part of existing rows' keys.
KEY_PREFIX = {
    "subperiod_publish": "subperiod-publish",
    "remind_declare": "remind-declare",
    "redemption_expiry": "redemption-expiry",
    "period_rollover": "rollover",
}


def deadlines_plan(*, today: dt.date) -> int:
    """Make sure this period's calendar deadlines exist for every assigned ruleset
    (idempotent: keys name the moments, so planning twice adds nothing)."""
    before = Deadline.objects.count()
    specs: list[DeadlineSpec] = []
    for assignment in assignments_in_force(today).select_related("ruleset", "unit"):
        document = document_in_force(assignment.ruleset, today)
        if document is None:
            continue
        procedure_spec = document.get("procedure") or {}
        try:
            period = period_containing(document, today)
        except OutsidePeriods:
            continue  # between two terms: nothing is due until the next one starts
        review = REVIEW_UNITS.get(procedure_spec.get("review", ""), "year")
        for span in sub_periods(period, review):
            specs.append(_spec("subperiod_publish", assignment, span, span.end + DAY, 1))
        declare = DECLARE_UNITS.get(procedure_spec.get("declaration", ""))
        for span in sub_periods(period, declare) if declare else ():
            due = span.end - dt.timedelta(days=REMIND_DAYS_BEFORE)
            specs.append(_spec("remind_declare", assignment, span, due, 9))
        if (document.get("redemption") or {}).get("reset") == "period_end":
            due = period.end - dt.timedelta(days=EXPIRY_NOTICE_DAYS)
            specs.append(_spec("redemption_expiry", assignment, period, due, 9))
        specs.append(_spec("period_rollover", assignment, period, period.end + DAY, 2))
    quarter_start, quarter_end = procedure.quarter_of(today)
    specs.append(
        DeadlineSpec(
            kind="host_reports",
            key=f"host-reports:{quarter_start}",
            due_at=local_moment(quarter_end + DAY, 3),
            payload={"start": quarter_start.isoformat()},
        )
    )
    specs.append(
        DeadlineSpec(
            kind="daily_reminders",
            key=f"daily-reminders:{today}",
            due_at=local_moment(today, 9),
            payload={"day": today.isoformat()},
        )
    )
    # one unit close calls this too (the next period's rows): two queries, not one per row
    deadlines_schedule(specs=specs)
    return Deadline.objects.count() - before


# --- handlers ----------------------------------------------------------------------------------


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _today(now: dt.datetime) -> dt.date:
    return timezone.localdate(now)


@handler("board_confirm")
def board_confirm_due(deadline: Deadline, now: dt.datetime) -> None:
    """Publicity is over: confirm what has no open objection; the rest stays open."""
    board = Board.objects.filter(pk=deadline.payload["board"]).first()
    if board is None or board.status != BoardStatus.OPEN:
        return
    procedure.board_confirm(actor=system_actor(), board=board, now=now)


@handler("objection_answer_due")
def objection_answer_due(deadline: Deadline, now: dt.datetime) -> None:
    procedure.objection_escalate_if_unanswered(
        actor=system_actor(),
        objection_id=deadline.payload["objection"],
        level=deadline.payload["level"],
        today=_today(now),
    )


def _closing_units(root: OrgUnit, ruleset: Ruleset, kind: str | None, on: dt.date) -> list[OrgUnit]:
    """The units under `root` where subjects (of `kind`) are scored by `ruleset`: a unit
    below that assigns another ruleset to those subjects closes with that one instead."""
    subjects = procedure.scored_subjects(root)
    if kind:
        subjects = subjects.filter(kind=kind)
    pairs = set(subjects.values_list("home_unit_id", "host_unit_id", "kind"))
    units = {
        u.pk: u for u in OrgUnit.objects.filter(pk__in={host or home for home, host, _ in pairs})
    }
    scored_by = {
        (unit_id, subject_kind): ruleset_for_unit(units[unit_id], subject_kind, on)
        for unit_id, subject_kind in {(host or home, k) for home, host, k in pairs}
    }
    return sorted(
        {units[unit_id] for (unit_id, _), found in scored_by.items() if found == ruleset},
        key=lambda u: u.path,
    )


@handler("subperiod_publish")
def subperiod_publish_due(deadline: Deadline, now: dt.datetime) -> None:
    """End of a review sub-period: publish every unit's reviewed entries on its boards."""
    root = OrgUnit.objects.get(pk=deadline.payload["unit"])
    start, end = _date(deadline.payload["start"]), _date(deadline.payload["end"])
    units = (
        Declaration.objects.filter(
            unit__path__startswith=root.path,
            status=DeclarationStatus.ACCEPTED,
            board__isnull=True,
            occurred_on__gte=start,
            occurred_on__lte=end,
        )
        .values_list("unit_id", flat=True)
        .distinct()
    )
    actor = system_actor()
    for unit in OrgUnit.objects.filter(pk__in=list(units)):
        procedure.board_publish(
            actor=actor, unit=unit, covers_start=start, covers_end=end, today=_today(now)
        )


@handler("period_rollover")
def period_rollover_due(deadline: Deadline, now: dt.datetime) -> None:
    """End of the period: fan out one close per scoring unit (each its own row, so a large
    tenant's rollover is spread over workers and survives crashes unit by unit)."""
    root = OrgUnit.objects.get(pk=deadline.payload["unit"])
    ruleset = Ruleset.objects.get(pk=deadline.payload["ruleset"])
    start = deadline.payload["start"]
    deadlines_schedule(
        specs=[
            DeadlineSpec(
                kind="unit_close",
                key=f"unit-close:{unit.pk}:{ruleset.pk}:{start}",
                due_at=now,
                payload={"unit": unit.pk, "ruleset": ruleset.pk, "start": start},
            )
            for unit in _closing_units(root, ruleset, deadline.payload.get("kind"), _date(start))
        ]
    )
    # the next period's deadlines, now that it has begun (once here, not once per unit
    # close: planning is idempotent, and the hourly plan task repeats it anyway)
    deadlines_plan(today=_today(now))


@handler("unit_close")
def unit_close_due(deadline: Deadline, now: dt.datetime) -> None:
    """Close one unit's period for one ruleset and publicise the results (filing follows
    when the publicity ends: `results_file`)."""
    unit = OrgUnit.objects.get(pk=deadline.payload["unit"])
    ruleset = Ruleset.objects.get(pk=deadline.payload["ruleset"])
    actor = system_actor()
    try:
        closes = procedure.period_close(
            actor=actor,
            unit=unit,
            ruleset=ruleset,
            period_start=_date(deadline.payload["start"]),
            today=_today(now),
            allow_unfinished=True,
        )
    except MembersNotClosed as exc:
        # a rating of branches waits for the branches' own closes (a committee may take days)
        log.info("unit_close.waiting_for_members", unit=unit.pk, reason=str(exc))
        later = now + MEMBERS_RETRY
        deadline_schedule(
            kind="unit_close",
            key=f"{deadline.key.split('~')[0]}~{later:%Y%m%d%H%M}",
            due_at=later,
            payload=deadline.payload,
        )
        return
    from jifen.inspections.services import inspection_plans_generate, risk_grades_year_adjust

    for close in closes:
        if close.status == "closed":
            # food sellers: the yearly adjustment makes this year's closing grades next
            # year's, and they set next year's inspection plan (both idempotent)
            risk_grades_year_adjust(close=close)
            inspection_plans_generate(close=close)


@handler("results_file")
def results_file_due(deadline: Deadline, now: dt.datetime) -> None:
    """The results' publicity is over: file them with the superior (idempotent; a period
    still awaiting a decision or already filed is left alone, and one with unanswered
    objections waits: the last answer schedules this again)."""
    close = PeriodClose.objects.filter(pk=deadline.payload["close"]).first()
    if close is None or close.status != "closed":
        return
    if close.objections.filter(status__in=procedure.OPEN_OBJECTION).exists():
        log.info("results_file.waiting_for_objections", close=close.pk)
        return
    procedure.period_file(actor=system_actor(), close=close, now=now)


@handler("host_reports")
def host_reports_due(deadline: Deadline, now: dt.datetime) -> None:
    """The quarter is over: every unit hosting floating members reports to their homes."""
    hosts = (
        Subject.objects.filter(host_unit__isnull=False)
        .exclude(home_unit=F("host_unit"))
        .values_list("host_unit", flat=True)
        .distinct()
    )
    for host in OrgUnit.objects.filter(pk__in=hosts).order_by("path"):
        procedure.host_reports_send(
            actor=system_actor(),
            host_unit=host,
            quarter_start=_date(deadline.payload["start"]),
            today=_today(now),
        )


@handler("remind_declare")
def remind_declare_due(deadline: Deadline, now: dt.datetime) -> None:
    """A few days before the declaration sub-period ends: remind members who declared nothing."""
    root = OrgUnit.objects.get(pk=deadline.payload["unit"])
    start, end = _date(deadline.payload["start"]), _date(deadline.payload["end"])
    declared = Declaration.objects.filter(occurred_on__gte=start, occurred_on__lte=end).values(
        "subject_id"
    )
    quiet = (
        procedure.scored_subjects(root)
        .filter(user__isnull=False, left_on__isnull=True, exempt_reason="")
        .exclude(pk__in=declared)
        .select_related("user")
    )
    notify(
        recipients=[s.user for s in quiet],
        kind="remind_declare",
        title=Text(
            gettext_lazy("declare your points for %(start)s…%(end)s by %(end)s"),
            {"start": start, "end": end},
        ),
        link="/declarations/new",
        dedupe_key=f"remind-declare:{start}:{end}",
    )


@handler("daily_reminders")
def daily_reminders_due(deadline: Deadline, now: dt.datetime) -> None:
    """Declarations waiting for review; branches late with filing."""
    day = _date(deadline.payload["day"])
    waiting = (
        Declaration.objects.filter(
            status=DeclarationStatus.SUBMITTED,
            declared_at__lt=local_moment(day - dt.timedelta(days=REVIEW_OVERDUE_DAYS)),
        )
        .values_list("unit_id", flat=True)
        .distinct()
    )
    for unit in OrgUnit.objects.filter(pk__in=list(waiting)):
        count = Declaration.objects.filter(unit=unit, status=DeclarationStatus.SUBMITTED).count()
        notify(
            recipients=answerers(unit),
            kind="remind_review",
            title=Text(
                gettext_lazy("%(unit)s has %(count)s declarations waiting for review"),
                {"unit": unit.name, "count": count},
            ),
            link="/review",
            dedupe_key=f"remind-review:{day}",
        )
    late = PeriodClose.objects.filter(
        status="closed", closed_at__lt=local_moment(day - dt.timedelta(days=FILING_GRACE_DAYS))
    ).select_related("unit")
    for close in late:
        parent = OrgUnit.objects.get_parent(close.unit)
        notify(
            recipients=[*answerers(close.unit), *(answerers(parent) if parent else [])],
            kind="filing_late",
            title=Text(
                gettext_lazy("%(unit)s %(start)s…%(end)s: results not yet filed with the superior"),
                {"unit": close.unit.name, "start": close.period_start, "end": close.period_end},
            ),
            link=page_of("PeriodClose", close.pk),
            dedupe_key=f"filing-late:{close.pk}:{day}",
        )
