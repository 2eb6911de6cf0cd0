"""Imports: upload a workbook, check it (dry run), apply it (all or nothing).

`import_upload` stores the file and queues the dry run; the worker's `import_check` plans
every row and stores the report; `import_apply` queues the apply, whose worker plans again
inside one transaction and writes only when no row is in error, so a failed apply leaves
the tenant as it was, and a second apply of the same file finds every row unchanged.
Progress lives in the cache (the apply's transaction hides its own rows until commit).
"""

from __future__ import annotations

import base64
import binascii
import hashlib

import structlog
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jifen import policy
from jifen.audit.services import AuditEntry, audit_record, audit_record_many
from jifen.errors import Conflict, ValidationFailed
from jifen.imports.models import ImportJob, ImportKind, ImportStatus
from jifen.imports.planning import plan
from jifen.imports.reading import read_rows

log = structlog.get_logger(__name__)
MAX_BYTES = 40 * 1_048_576


def progress_key(job_id: int) -> str:
    return f"imports:{job_id}:progress"


def _progress(job: ImportJob, phase: str, done: int, total: int) -> None:
    cache.set(progress_key(job.pk), {"phase": phase, "done": done, "total": total}, 3600)


def import_upload(
    *, actor, kind: str, file_name: str, content_base64: str, language: str
) -> ImportJob:
    """Keep the workbook and queue its dry run (tenant administrators)."""
    policy.require_tenant_admin(actor, policy.Action.IMPORT_DATA)
    if kind not in ImportKind.values:
        raise ValidationFailed(_("unknown kind of import."), field="kind")
    try:
        content = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationFailed(_("the file must be sent base64-encoded."), field="content") from exc
    if not content or len(content) > MAX_BYTES:
        raise ValidationFailed(
            _("the file is empty or larger than 40 MB; split it into several files."),
            field="content",
        )
    job = ImportJob.objects.create(
        kind=kind,
        file_name=(file_name or "upload.xlsx")[:200],
        content=content,
        content_hash=hashlib.sha256(content).hexdigest(),
        language=language or "zh-hans",
        created_by=actor,
    )
    from workers.tasks.imports import check_import_task

    transaction.on_commit(lambda: check_import_task.delay(job.pk), robust=True)
    return job


def import_check(*, job_id: int) -> ImportJob:
    """The dry run: plan every row and keep the report; nothing else is written."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.CHECKING):
        return job  # a redelivered task: the report is already there
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKING)
    with translation.override(job.language):
        try:
            _progress(job, "reading", 0, 0)
            rows = read_rows(bytes(job.content), job.kind)
            _progress(job, "checking", 0, len(rows))
            with transaction.atomic():
                planned = plan(job.kind, rows)
                transaction.set_rollback(True)  # planning never writes; be sure of it
        except ValidationFailed as exc:
            job.status, job.failure = ImportStatus.REFUSED, exc.message
            job.counts, job.report = {"rows": 0, "error": 1}, []
            job.checked_at = timezone.now()
            job.save(update_fields=["status", "failure", "counts", "report", "checked_at"])
            return job
    job.counts = planned.counts()
    job.report = [r.as_list() for r in planned.results]
    job.status = ImportStatus.CHECKED
    job.failure = ""
    job.checked_at = timezone.now()
    job.save(update_fields=["counts", "report", "status", "failure", "checked_at"])
    _progress(job, "checked", len(rows), len(rows))
    log.info("import.checked", job=job.pk, kind=job.kind, **job.counts)
    return job


def import_apply_request(*, actor, job: ImportJob) -> ImportJob:
    """Queue the apply of a checked file without errors (tenant administrators)."""
    policy.require_tenant_admin(actor, policy.Action.IMPORT_DATA)
    if job.status == ImportStatus.APPLIED:
        return job
    if job.status != ImportStatus.CHECKED:
        raise Conflict(
            _("this file is %(status)s; wait for its check to finish.")
            % {"status": job.get_status_display()},
            field="job",
        )
    if job.counts.get("error"):
        raise Conflict(
            _(
                "the check found %(n)d rows in error; correct them (see the report) and upload the file again."
            )
            % {"n": job.counts["error"]},
            field="job",
        )
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.APPLYING)
    job.status = ImportStatus.APPLYING
    from workers.tasks.imports import apply_import_task

    actor_id = actor.pk
    transaction.on_commit(lambda: apply_import_task.delay(job.pk, actor_id), robust=True)
    return job


def import_apply(*, job_id: int, actor_id: int) -> ImportJob:
    """Plan again and write everything in one transaction, or nothing when a row fails
    now (the database changed since the check): then the job is refused with its report."""
    from jifen.access.models import User

    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportStatus.APPLYING:
        return job  # applied already (a redelivered task) or never requested
    actor = User.objects.get(pk=actor_id)
    with translation.override(job.language):
        rows = read_rows(bytes(job.content), job.kind)
        _progress(job, "applying", 0, len(rows))
        with transaction.atomic():
            locked = ImportJob.objects.select_for_update().get(pk=job.pk)
            if locked.status != ImportStatus.APPLYING:
                return locked
            # one import at a time per tenant: two would plan against each other's gaps
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(hashtext(%s))",
                    [f"imports:{connection.schema_name}"],
                )
            planned = plan(job.kind, rows)
            job.counts = planned.counts()
            job.report = [r.as_list() for r in planned.results]
            if planned.errors:
                job.status = ImportStatus.REFUSED
                job.failure = _(
                    "rows changed since the check are now in error; nothing was imported."
                )
            else:
                planned.write()
                job.status = ImportStatus.APPLIED
                job.applied_at = timezone.now()
                _audit_rows(actor, job, planned)
                audit_record(
                    actor=actor, action=f"import.{job.kind}", target=job,
                    after={k: v for k, v in job.counts.items()}, note=job.file_name,
                )  # fmt: skip
            job.save(update_fields=["counts", "report", "status", "failure", "applied_at"])
    _progress(job, job.status, len(rows), len(rows))
    log.info("import.applied", job=job.pk, kind=job.kind, status=job.status, **job.counts)
    return job


def import_run(*, actor, kind: str, file_name: str, content: bytes) -> ImportJob:
    """Check and apply a workbook in this process, with the services the worker runs
    (commands and the demo, which have no one to poll a job): the dry run, then, when it
    found no error, the apply. Refuses with the first rows in error, nothing applied."""
    policy.require_tenant_admin(actor, policy.Action.IMPORT_DATA)
    job = ImportJob.objects.create(
        kind=kind, file_name=file_name[:200], content=content,
        content_hash=hashlib.sha256(content).hexdigest(), created_by=actor,
        language=translation.get_language() or "zh-hans",
    )  # fmt: skip
    job = import_check(job_id=job.pk)
    if job.status == ImportStatus.CHECKED and not job.counts.get("error"):
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.APPLYING)
        job = import_apply(job_id=job.pk, actor_id=actor.pk)
    if job.status != ImportStatus.APPLIED:
        wrong = [r for r in job.report if r[1] == "error"][:5]
        raise ValidationFailed(
            _("%(file)s was not imported: %(problems)s")
            % {
                "file": file_name,
                "problems": job.failure or "; ".join(f"{r[3]} {r[4]}" for r in wrong),
            },
            field="content",
        )
    return job


def _audit_rows(actor, job: ImportJob, planned) -> None:
    """One audit row per object the apply created or updated (who, what, before, after),
    bulk-inserted in the apply's transaction; the note names the file and its row."""
    entries = []
    for change in planned.changes:
        after = change.after()
        action = change.action
        if (
            action == "subject.update"
            and change.before
            and (change.before.get("home_unit_id"), change.before.get("host_unit_id"))
            != (after.get("home_unit_id"), after.get("host_unit_id"))
        ):
            action = "subject.move"  # the record and its points history go along
        entries.append(
            AuditEntry(
                action=action, target=change.obj, before=change.before, after=after,
                note=_("import #%(job)d %(file)s, row %(row)d")
                % {"job": job.pk, "file": job.file_name, "row": change.row},
                label=change.label,
            )
        )  # fmt: skip
    audit_record_many(actor=actor, entries=entries)


def import_fail(*, job_id: int, message: str) -> None:
    """A job that crashed (a bug, not a bad row) is marked failed so nobody waits on it."""
    ImportJob.objects.filter(pk=job_id).exclude(status=ImportStatus.APPLIED).update(
        status=ImportStatus.FAILED, failure=message[:2000]
    )
