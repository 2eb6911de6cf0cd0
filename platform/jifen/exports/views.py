"""The export downloads and the print view (A4 HTML, streamed)."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from jifen.errors import DomainError
from jifen.exports.models import ExportJob, ExportStatus, FormKind
from jifen.exports.render import html_chunks
from jifen.exports.services import export_form
from jifen.graphql.core import pk_of


def _refused(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": "refused", "message": message}, status=status)


def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = ExportJob.objects.filter(pk=pk, status=ExportStatus.DONE).first()
    if job is None or not request.user.is_authenticated or job.created_by_id != request.user.pk:
        return _refused(_("No export with this id that you may see."), 404)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file_name)


def export_print(request: HttpRequest, form: str) -> HttpResponse:
    """`/exports/print/<form>?subject=<global id>&year=2026&month=3` → the form as HTML."""
    from jifen.org.selectors import unit_list
    from jifen.procedure import selectors as procedure
    from jifen.subjects.selectors import subject_list

    if form not in FormKind.values:
        return _refused(_("unknown form."), 404)
    user = request.user
    visible = {
        "unit": ("OrgUnit", lambda: unit_list(user=user)),
        "subject": ("Subject", lambda: subject_list(user=user)),
        "board": ("Board", lambda: procedure.board_list(user=user)),
        "close": ("PeriodClose", lambda: procedure.period_close_list(user=user)),
    }
    params: dict = {k: request.GET.get(k) for k in ("year", "month")}
    for name, (type_name, rows) in visible.items():
        raw = request.GET.get(name)
        if raw:
            pk = pk_of(raw, type_name)
            if not pk or not user.is_authenticated or not rows().filter(pk=pk).exists():
                return _refused(
                    _("No %(what)s with this id that you may see.") % {"what": name}, 404
                )
            params[name] = pk
    try:
        built, _unit = export_form(actor=user, form=form, params=params)
    except DomainError as exc:
        return _refused(exc.message, 403 if exc.code == "PERMISSION_DENIED" else 400)
    except KeyError as exc:
        return _refused(_("this form needs the argument %(name)s.") % {"name": exc.args[0]}, 400)
    return StreamingHttpResponse(html_chunks(built), content_type="text/html; charset=utf-8")
