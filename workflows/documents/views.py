"""Serving stored PDFs and the public verification page."""

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from workflows.audit.services import audit_row_status

from .models import Document
from .selectors import document_by_verify_code
from .services import document_bytes


def document_response(document: Document, *, as_attachment: bool = False) -> HttpResponse:
    """The stored bytes as application/pdf; the ETag is the SHA-256 printed on the verify page."""
    response = HttpResponse(document_bytes(document), content_type="application/pdf")
    # never None: a filename is always given
    response["Content-Disposition"] = cast(
        str, content_disposition_header(as_attachment, f"{document.number}.pdf")
    )
    response["ETag"] = f'"{document.sha256}"'
    response["Cache-Control"] = "private, no-transform"
    return response


@require_safe
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone holding a printed document checks it is genuine. No login."""
    document = document_by_verify_code(code)
    context = {"document": document, "audit": audit_row_status(document)}
    return TemplateResponse(request, "documents/verify.html", context)
