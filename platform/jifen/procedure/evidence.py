"""Evidence files: checked for type and size, stored through Django's storage API,
served only to people who may see what they back."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from jifen.procedure.errors import ProcedureError
from jifen.procedure.models import Evidence

# Checked against the file's first bytes, not its name or the browser's word.
SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"%PDF-": "application/pdf",
    b"RIFF": "image/webp",
}


def _sniff(head: bytes) -> str | None:
    for magic, content_type in SIGNATURES.items():
        if head.startswith(magic):
            if content_type == "image/webp" and head[8:12] != b"WEBP":
                continue
            return content_type
    return None


def evidence_upload(*, user, upload: UploadedFile) -> Evidence:
    """Store one file (JPEG, PNG, WebP or PDF up to JIFEN_EVIDENCE_MAX_MB) for later attaching."""
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ProcedureError(
            _(
                "%(name)s is %(size)s MB; evidence may be at most %(limit)s MB. Scan at a "
                "lower resolution or split the PDF."
            )
            % {
                "name": upload.name,
                "size": f"{upload.size / 1_048_576:.1f}",
                "limit": f"{limit / 1_048_576:.0f}",
            }
        )
    head = upload.read(16)
    upload.seek(0)
    content_type = _sniff(head)
    if content_type is None:
        raise ProcedureError(
            _("%(name)s is not a JPEG, PNG, WebP or PDF file; photograph or scan it as one.")
            % {"name": upload.name}
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return Evidence.objects.create(
        file=upload,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=user,
    )
