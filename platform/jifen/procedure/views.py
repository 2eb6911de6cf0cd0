"""Evidence files over plain HTTP: multipart upload, and download only for those who may
see what the file backs (404 otherwise, so that an id confirms nothing)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_GET, require_POST

from jifen.ids import to_global_id
from jifen.procedure.errors import ProcedureError
from jifen.procedure.evidence import evidence_upload
from jifen.procedure.models import Evidence
from jifen.procedure.selectors import evidence_visible


def _problem(status: int, error: str, message: str, hint: str) -> JsonResponse:
    return JsonResponse({"error": error, "message": message, "hint": hint}, status=status)


@require_POST
def evidence_create(request: HttpRequest) -> JsonResponse:
    """`POST /evidence` with a multipart field `file` (session with CSRF, or bearer token)."""
    if not request.user.is_authenticated:
        return _problem(
            401, "not_authenticated", "Sign in to upload evidence.",
            "Send a bearer token from tokenCreate, or sign in and send the CSRF token.",
        )  # fmt: skip
    upload = request.FILES.get("file")
    if upload is None:
        return _problem(
            400, "missing_file", "No file was sent.",
            "Send multipart/form-data with the file in a field named `file`.",
        )  # fmt: skip
    try:
        evidence = evidence_upload(user=request.user, upload=upload)
    except ProcedureError as exc:
        return _problem(
            400, "invalid_file", str(exc),
            "Evidence must be a JPEG, PNG, WebP or PDF file within the size limit.",
        )  # fmt: skip
    return JsonResponse(
        {
            "id": to_global_id("Evidence", evidence.pk),
            "sha256": evidence.sha256,
            "contentType": evidence.content_type,
            "size": evidence.size,
            "url": evidence_url(evidence),
        },
        status=201,
    )


def evidence_url(evidence: Evidence) -> str:
    from django.urls import reverse

    return reverse("evidence_download", kwargs={"pk": evidence.pk})


@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = Evidence.objects.filter(pk=pk).first()
    if (
        evidence is None
        or not request.user.is_authenticated
        or not evidence_visible(user=request.user, evidence=evidence)
    ):
        raise Http404("No such evidence.")
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        filename=evidence.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
