"""A business contests its grade (申诉), answered like an objection: within the ruleset's
`appeal_days` of the grade change, an answer due in working days (a deadline row), the
answerers notified, the business told the answer; upheld, the grade changes."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jifen import policy
from jifen.audit.services import audit_record
from jifen.deadlines.models import Deadline
from jifen.deadlines.registry import handler
from jifen.deadlines.services import deadline_schedule, local_moment
from jifen.errors import DeadlinePassed, DomainError, PermissionDenied, ValidationFailed
from jifen.inspections.models import (
    GradeAppeal,
    GradeAppealStatus,
    GradeChange,
    GradeReason,
    RiskGrade,
)
from jifen.inspections.recording import grading_of
from jifen.inspections.services import _notify_change
from jifen.notifications.services import notify
from jifen.policy import Action
from jifen.subjects.models import Subject
from jifen.workdays import due

GRADES = ("A", "B", "C", "D")


def grade_appeal_raise(
    *, actor, subject: Subject, reason: str, requested_grade: str = "", today: dt.date | None = None
) -> GradeAppeal:
    """The business (its own users) contests its current grade within `appeal_days`."""
    today = today or timezone.localdate()
    if subject.pk not in policy.own_subject_ids(actor):
        raise PermissionDenied(_("only the business itself may appeal its grade."))
    if not reason.strip():
        raise ValidationFailed(_("say why the grade is wrong."), field="reason")
    if requested_grade and requested_grade not in GRADES:
        raise ValidationFailed(_("a grade is one of A, B, C or D."), field="requestedGrade")
    grade = RiskGrade.objects.filter(subject=subject).order_by("-period_start").first()
    if grade is None or not grade.grade:
        raise DomainError(_("this business has no grade to appeal yet."))
    _app, section = grading_of(subject, today)
    days = int(section.get("appeal_days", 60))
    last = GradeChange.objects.filter(subject=subject).order_by("-changed_at").first()
    since = timezone.localtime(last.changed_at).date() if last else grade.computed_at.date()
    if (today - since).days > days:
        raise DeadlinePassed(
            _("a grade may be appealed within %(days)s days of its change (%(day)s).")
            % {"days": days, "day": since}
        )
    if GradeAppeal.objects.filter(risk_grade=grade, status=GradeAppealStatus.OPEN).exists():
        raise DomainError(_("an appeal of this grade is already waiting for its answer."))
    answer = due(today, int(section.get("appeal_answer_days", 7)), "working")
    with transaction.atomic():
        appeal = GradeAppeal.objects.create(
            subject=subject, risk_grade=grade, contested_grade=grade.grade,
            requested_grade=requested_grade, reason=reason, raised_by=actor,
            handled_by=subject.scoring_unit, answer_due=answer.day,
        )  # fmt: skip
        deadline_schedule(
            kind="grade_appeal_answer_due",
            key=f"grade-appeal-due:{appeal.pk}",
            due_at=local_moment(answer.day + dt.timedelta(days=1), 0, 20),
            payload={"appeal": appeal.pk},
        )
        notify(
            recipients=policy.nearest_answerers(appeal.handled_by),
            kind="grade_appeal_raised",
            title=_("%(name)s appeals its grade %(grade)s; answer by %(day)s")
            % {"name": subject.name, "grade": grade.grade, "day": answer.day},
            body=reason,
            dedupe_key=f"grade_appeal_raised:{appeal.pk}",
        )
    return appeal


def grade_appeal_answer(
    *, actor, appeal: GradeAppeal, upheld: bool, answer: str, new_grade: str = ""
) -> GradeAppeal:
    """Answer an appeal (the station's answerers, never the business itself); upheld, the
    grade becomes `new_grade` while the facts stay those it contested."""
    policy.require(actor, Action.ANSWER_OBJECTION, appeal.handled_by)
    if appeal.subject_id in policy.own_subject_ids(actor):
        raise PermissionDenied(_("nobody may answer an appeal of their own grade."))
    if not answer.strip():
        raise ValidationFailed(
            _("the answer needs a reason; the business reads it."), field="answer"
        )
    if upheld and new_grade not in GRADES:
        raise ValidationFailed(
            _("an upheld appeal needs the grade it gives: A, B, C or D."), field="newGrade"
        )
    with transaction.atomic():
        appeal = GradeAppeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.status != GradeAppealStatus.OPEN:
            raise DomainError(_("this appeal is already answered."))
        appeal.status = GradeAppealStatus.UPHELD if upheld else GradeAppealStatus.REJECTED
        appeal.answer, appeal.answered_by, appeal.answered_at = answer, actor, timezone.now()
        appeal.new_grade = new_grade if upheld else ""
        appeal.save()
        subject = Subject.objects.select_related("user").get(pk=appeal.subject_id)
        if upheld and new_grade != appeal.risk_grade.grade:
            grade = RiskGrade.objects.select_for_update().get(pk=appeal.risk_grade_id)
            change = GradeChange.objects.create(
                subject=subject, period_start=grade.period_start, from_grade=grade.grade,
                to_grade=new_grade, total=grade.total, reason=GradeReason.APPEAL,
                flags=grade.flags, appeal=appeal,
            )  # fmt: skip
            grade.override_from, grade.override_grade, grade.grade = (
                grade.grade,
                new_grade,
                new_grade,
            )
            grade.save()
            _notify_change(subject, change)
        audit_record(actor=actor, action="grade_appeal.answer", target=appeal,
                     after={"status": appeal.status, "new_grade": appeal.new_grade})  # fmt: skip
        Deadline.objects.filter(key=f"grade-appeal-due:{appeal.pk}").update(
            status="done", done_at=timezone.now()
        )
        notify(
            recipients=[appeal.raised_by, subject.user],
            kind="grade_appeal_answered",
            title=_("Your appeal of grade %(grade)s: %(outcome)s")
            % {"grade": appeal.contested_grade, "outcome": appeal.get_status_display()},
            body=answer,
            dedupe_key=f"grade_appeal_answered:{appeal.pk}",
        )
    return appeal


@handler("grade_appeal_answer_due")
def grade_appeal_answer_due(deadline: Deadline, now: dt.datetime) -> None:
    """The answer is late: remind the station's superiors (idempotent by the key)."""
    appeal = (
        GradeAppeal.objects.filter(pk=deadline.payload["appeal"])
        .select_related("handled_by", "subject")
        .first()
    )
    if appeal is None or appeal.status != GradeAppealStatus.OPEN:
        return
    from jifen.org.models import OrgUnit

    unit = appeal.handled_by
    parent = OrgUnit.objects.filter(path=unit.path[: -unit.steplen]).first() or unit
    notify(
        recipients=policy.nearest_answerers(parent),
        kind="grade_appeal_late",
        title=_("The appeal of %(name)s was not answered by %(day)s")
        % {"name": appeal.subject.name, "day": appeal.answer_due},
        dedupe_key=f"grade_appeal_late:{appeal.pk}",
    )
