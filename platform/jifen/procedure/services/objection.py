"""Step 4 (during publicity): objections (异议) and defences (申辩), answers, appeals to
the superior organisation, and escalation when an answer is overdue."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jifen import policy
from jifen.deadlines.services import deadline_schedule, local_moment
from jifen.i18n import in_language
from jifen.ledger import services as ledger
from jifen.notifications.links import page_of
from jifen.notifications.services import Text, notify
from jifen.org.models import OrgUnit
from jifen.policy import Action
from jifen.procedure.errors import InvalidStep, ProcedureError, StepTooLate
from jifen.procedure.models import (
    BoardStatus,
    CloseStatus,
    Declaration,
    DeclarationStatus,
    Objection,
    ObjectionOutcome,
    ObjectionStatus,
    PeriodClose,
    PeriodResult,
)
from jifen.procedure.services._common import (
    note_provisional,
    procedure_of,
    results_reopen,
    ruleset_in_force,
    step,
)
from jifen.workdays import Due, due

OPEN_OBJECTION = (ObjectionStatus.OPEN, ObjectionStatus.ESCALATED)


def _answer_due(objection: Objection, today: date) -> Due:
    on = (
        objection.declaration.occurred_on
        if objection.declaration_id
        else objection.close.period_end
    )
    procedure = procedure_of(ruleset_in_force(objection.subject, on))
    return due(
        today,
        int(procedure.get("objection_answer_days", 7)),
        procedure.get("objection_answer_calendar", "working"),
    )


def _schedule_answer_due(objection: Objection) -> None:
    """The answer deadline is a row; the sweep escalates the objection if it passes."""
    deadline_schedule(
        kind="objection_answer_due",
        key=f"objection-due:{objection.pk}:{objection.escalation_level}",
        due_at=local_moment(objection.answer_due + timedelta(days=1), 0, 20),
        payload={"objection": objection.pk, "level": objection.escalation_level},
    )


def objection_raise(
    *,
    actor,
    reason: str,
    declaration: Declaration | None = None,
    result: PeriodResult | None = None,
    today: date | None = None,
) -> Objection:
    """Object to (or defend against) a declaration while its board is open, or to a
    subject's result while the period's results are publicised (结果公示)."""
    today = today or timezone.localdate()
    if not reason.strip():
        raise InvalidStep(_("an objection needs its reasons."), field="reason")
    if (declaration is None) == (result is None):
        raise InvalidStep(_("object to one declaration or one result."), field="declaration")
    if declaration is not None:
        board = declaration.board
        if board is None or declaration.status != DeclarationStatus.PUBLICISED:
            raise ProcedureError(
                _("objections can be raised only while the declaration is on a board.")
            )
        subject, close = declaration.subject, None
    else:
        close, subject = result.close, result.subject
        board = close.results_board
        if board is None or close.status != CloseStatus.CLOSED:
            raise ProcedureError(
                _(
                    "the results of %(start)s…%(end)s are %(status)s; objections are raised "
                    "while they are publicised."
                )
                % {
                    "start": close.period_start,
                    "end": close.period_end,
                    "status": in_language(close.get_status_display()),
                }
            )
    if board.status != BoardStatus.OPEN or today > board.closes_on:
        raise StepTooLate(
            _("the publicity period ended on %(day)s; appeal to the superior organisation instead.")
            % {"day": board.closes_on}
        )
    policy.require_objector(actor, subject, board.unit)
    with transaction.atomic(durable=True):
        objection = Objection(
            declaration=declaration,
            close=close,
            subject=subject,
            raised_by=actor,
            reason=reason,
            handled_by=board.unit,
        )
        answer_due = _answer_due(objection, today)
        objection.answer_due, objection.due_counted_from = answer_due.day, today
        objection.save()
        step("objection_raised", actor, reason, objection=objection, **_on(objection))
        note_provisional(answer_due, objection=objection, **_on(objection))
        _schedule_answer_due(objection)
        what = (
            gettext_lazy("points")
            if declaration is not None
            else Text(
                gettext_lazy("%(start)s…%(end)s results"),
                {"start": close.period_start, "end": close.period_end},
            )
        )
        notify(
            recipients=policy.answerers(board.unit),
            kind="objection_raised",
            title=Text(
                gettext_lazy("objection to the %(what)s of %(subject)s; answer by %(due)s"),
                {"subject": subject.name, "what": what, "due": objection.answer_due},
            ),
            link=page_of("Objection", objection.pk),
            body=reason,
            dedupe_key=f"objection:{objection.pk}:raised",
        )
    return objection


def _on(objection: Objection) -> dict:
    """Where the objection's steps also show: its declaration's or its period's timeline."""
    if objection.declaration_id:
        return {"declaration": objection.declaration}
    return {"close": objection.close}


def objection_answer(*, actor, objection: Objection, answer: str, outcome: str) -> Objection:
    """The branch (or, after escalation, the superior) answers; an upheld objection
    withdraws the declaration by reversing its entries."""
    if outcome not in ObjectionOutcome.values:
        raise InvalidStep(_("outcome must be upheld or dismissed."), field="outcome")
    if not answer.strip():
        raise InvalidStep(
            _("write the answer; it is shown to the objector and on the board."), field="answer"
        )
    with transaction.atomic(durable=True):
        objection = (
            Objection.objects.select_for_update(of=("self",))
            .select_related("declaration__event", "close", "handled_by")
            .get(pk=objection.pk)
        )
        if objection.status not in OPEN_OBJECTION:
            raise ProcedureError(_("this objection was already answered."))
        policy.require_answerer(actor, objection)
        declaration = objection.declaration
        objection.answer = answer
        objection.outcome = outcome
        objection.answered_by = actor
        objection.answered_at = timezone.now()
        objection.status = (
            ObjectionStatus.RESOLVED if objection.escalation_level else ObjectionStatus.ANSWERED
        )
        objection.save()
        if outcome == ObjectionOutcome.UPHELD and declaration is not None:
            if declaration.event_id:
                ledger.event_reverse(
                    actor=actor, event=declaration.event, reason=f"objection upheld: {answer}"
                )
            declaration.status = DeclarationStatus.WITHDRAWN
            declaration.save(update_fields=["status"])
        step(
            "objection_answered",
            actor,
            f"{outcome}: {answer}",
            objection=objection,
            **_on(objection),
        )
        if objection.close_id:
            _result_answered(objection, actor)
        verdict = (
            gettext_lazy("upheld")
            if outcome == ObjectionOutcome.UPHELD
            else gettext_lazy("not upheld")
        )
        notify(
            recipients=[objection.raised_by, objection.subject.user],
            kind="objection_answered",
            title=Text(
                gettext_lazy(
                    "the objection about the points of %(subject)s was answered: %(verdict)s"
                ),
                {"subject": objection.subject.name, "verdict": verdict},
            ),
            body=answer,
            link=page_of("Objection", objection.pk),
            dedupe_key=f"objection:{objection.pk}:answered:{objection.escalation_level}",
        )
    return objection


def _result_answered(objection: Objection, actor) -> None:
    """An upheld objection to a result reopens the period's results for correction (the
    accounts reopen; closing again recomputes and publicises them again). A dismissed one,
    once no other is open, lets the results be filed when their publicity is over."""
    close = PeriodClose.objects.select_for_update().get(pk=objection.close_id)
    if objection.outcome == ObjectionOutcome.UPHELD:
        if close.status in (CloseStatus.CLOSED, CloseStatus.FILED, CloseStatus.ACCEPTED):
            results_reopen(
                close, actor, f"objection upheld: {objection.answer}", "results_reopened"
            )
            close.status = CloseStatus.REOPENED
            close.save(update_fields=["status"])
        return
    if (
        close.status == CloseStatus.CLOSED
        and not close.objections.filter(status__in=OPEN_OBJECTION).exists()
    ):
        board = close.results_board
        deadline_schedule(
            kind="results_file",
            key=f"results-file:{close.pk}:after-objection:{objection.pk}",
            due_at=max(timezone.now(), local_moment(board.closes_on + timedelta(days=1), 0, 30)),
            payload={"close": close.pk},
        )


def _escalate(objection: Objection, actor, note: str, today: date) -> None:
    parent = OrgUnit.objects.get_parent(objection.handled_by)
    if parent is None:
        raise ProcedureError(
            _("%(unit)s has no superior organisation to escalate to.")
            % {"unit": objection.handled_by.name}
        )
    objection.handled_by = parent
    objection.escalation_level += 1
    objection.status = ObjectionStatus.ESCALATED
    answer_due = _answer_due(objection, today)
    objection.answer_due, objection.due_counted_from = answer_due.day, today
    objection.save()
    step(
        "objection_escalated", actor, f"{note} → {parent.name}", objection=objection,
        **_on(objection),
    )  # fmt: skip
    note_provisional(answer_due, objection=objection, **_on(objection))
    _schedule_answer_due(objection)
    subject = objection.subject.name
    notify(
        recipients=[*policy.answerers(parent), objection.raised_by],
        kind="objection_escalated",
        title=Text(
            gettext_lazy(
                "the objection about the points of %(subject)s went to %(unit)s; answer due %(due)s"
            ),
            {"subject": subject, "unit": parent.name, "due": objection.answer_due},
        ),
        link=page_of("Objection", objection.pk),
        body=note,
        dedupe_key=f"objection:{objection.pk}:escalated:{objection.escalation_level}",
    )


def objection_appeal(
    *, actor, objection: Objection, reason: str, today: date | None = None
) -> Objection:
    """The objector takes an answered objection to the superior organisation (申诉)."""
    today = today or timezone.localdate()
    with transaction.atomic(durable=True):
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        policy.require_appellant(actor, objection)
        if objection.status != ObjectionStatus.ANSWERED:
            raise ProcedureError(
                _(
                    "only an answered objection can be appealed; an unanswered one escalates "
                    "by itself."
                )
            )
        _escalate(objection, actor, f"appeal: {reason}", today)
    return objection


def objection_escalate_if_unanswered(*, actor, objection_id: int, level: int, today: date) -> bool:
    """Escalate one objection whose answer at `level` is overdue (idempotent: an answered
    or already escalated objection is left alone)."""
    objection = (
        Objection.objects.select_for_update(of=("self",))
        .select_related("handled_by", "subject", "declaration", "close")
        .filter(
            pk=objection_id,
            escalation_level=level,
            status__in=OPEN_OBJECTION,
            answer_due__lt=today,
        )
        .first()
    )
    if objection is None or objection.handled_by.depth == 1:
        return False
    policy.require(actor, Action.ESCALATE_OBJECTION, objection.handled_by)
    _escalate(objection, actor, f"no answer by {objection.answer_due}", today)
    return True


def objections_escalate_overdue(*, actor, today: date) -> int:
    """Escalate every objection whose answer is overdue (the per-row deadlines do this one
    by one; this catches up in one go, e.g. after an outage). Idempotent."""
    with transaction.atomic():
        overdue = list(
            Objection.objects.filter(status__in=OPEN_OBJECTION, answer_due__lt=today).values_list(
                "pk", "escalation_level"
            )
        )
        return sum(
            objection_escalate_if_unanswered(actor=actor, objection_id=pk, level=level, today=today)
            for pk, level in overdue
        )
