"""Exports: which form of what, who may have it, and building it in a worker.

`export_form(actor=…, form=…, params=…)` returns the `Form` (for the print view, streamed);
`export_request` queues a job whose worker writes the xlsx row by row into a temporary
file and then into storage, so a unit of thousands is never held in memory whole.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import Any

from django.core.cache import cache
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jifen import policy
from jifen.errors import ValidationFailed
from jifen.exports import forms
from jifen.exports.models import ExportJob, ExportStatus, FormKind
from jifen.exports.render import write_xlsx
from jifen.exports.selectors import progress_key
from jifen.org.models import OrgUnit
from jifen.subjects.models import Subject, SubjectKind


def _month(params: dict[str, Any]) -> tuple[int, int]:
    today = timezone.localdate()
    year, month = int(params.get("year") or today.year), int(params.get("month") or today.month)
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise ValidationFailed(
            _("choose a month between 1 and 12 of a year since 2000."), field="month"
        )
    return year, month


def export_form(*, actor, form: str, params: dict[str, Any]) -> tuple[forms.Form, OrgUnit]:
    """The form `form` for `params` (ids already looked up through the caller's scope),
    or PermissionDenied when the caller does not keep or supervise its unit's records."""
    from jifen.procedure.models import Board, PeriodClose

    if form == FormKind.PUPIL_MONTH_REPORT:
        # the pupil's parents read it too, who keep no unit's records
        subject = Subject.objects.select_related("home_unit", "host_unit").get(pk=params["subject"])
        policy.require_pupil_reader(actor, subject)
        return forms.pupil_month_report(subject, *_month(params)), subject.scoring_unit
    if form == FormKind.MEMBER_CARD:
        subject = Subject.objects.select_related("home_unit", "host_unit").get(pk=params["subject"])
        unit, built = subject.scoring_unit, lambda: forms.member_card(subject, *_month(params))
    elif form == FormKind.BRANCH_LEDGER:
        unit = OrgUnit.objects.get(pk=params["unit"])
        built = lambda: forms.branch_ledger(unit, *_month(params))  # noqa: E731
    elif form == FormKind.BOARD_NOTICE:
        board = Board.objects.select_related("unit").get(pk=params["board"])
        unit, built = board.unit, lambda: forms.board_notice(board)
    elif form == FormKind.PERIOD_RESULTS:
        close = PeriodClose.objects.select_related("unit").get(pk=params["close"])
        unit, built = close.unit, lambda: forms.period_results(close)
    elif form in (FormKind.HOUSEHOLD_PASSBOOK, FormKind.BUSINESS_HISTORY):
        kind = (
            SubjectKind.HOUSEHOLD if form == FormKind.HOUSEHOLD_PASSBOOK else SubjectKind.BUSINESS
        )
        subject = (
            Subject.objects.select_related("home_unit")
            .filter(pk=params["subject"], kind=kind)
            .first()
        )
        if subject is None:
            raise ValidationFailed(
                _("this form is for a %(kind)s; choose one.")
                % {"kind": SubjectKind(kind).label.partition(" ")[2].lower()},
                field="subject",
            )
        unit = subject.home_unit
        built = (
            (lambda: forms.household_passbook(subject))
            if kind == SubjectKind.HOUSEHOLD
            else (lambda: forms.business_history(subject))
        )
    else:
        raise ValidationFailed(_("unknown form."), field="form")
    policy.require(actor, policy.Action.EXPORT_FORMS, unit)
    return built(), unit


def export_request(*, actor, form: str, params: dict[str, Any]) -> ExportJob:
    """Queue the xlsx of a form (permission checked now, so a refusal is immediate)."""
    built, _unit = export_form(actor=actor, form=form, params=params)
    job = ExportJob.objects.create(
        form=form, params=params, created_by=actor, file_name=f"{built.title}.xlsx"
    )
    from workers.tasks.exports import build_export_task

    transaction.on_commit(lambda: build_export_task.delay(job.pk), robust=True)
    return job


def export_build(*, job_id: int) -> ExportJob:
    """Write the job's workbook (idempotent: a finished job is left alone)."""
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status == ExportStatus.DONE:
        return job
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)
    built, _unit = export_form(actor=job.created_by, form=job.form, params=job.params)
    with tempfile.TemporaryFile() as out:
        rows = write_xlsx(built, out, progress=lambda n: cache.set(progress_key(job.pk), n, 3600))
        out.seek(0)
        job.file.save(f"{job.form}-{job.pk}-{dt.date.today():%Y%m%d}.xlsx", File(out), save=False)
    job.rows, job.status, job.finished_at = rows, ExportStatus.DONE, timezone.now()
    job.save(update_fields=["file", "rows", "status", "finished_at"])
    cache.set(progress_key(job.pk), rows, 3600)
    return job


def export_fail(*, job_id: int, message: str) -> None:
    ExportJob.objects.filter(pk=job_id).exclude(status=ExportStatus.DONE).update(
        status=ExportStatus.FAILED, failure=message[:2000]
    )
