"""Reads of issued documents."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Document


def documents_for_case(case_id: int) -> QuerySet[Document]:
    """Every document issued for a case, oldest first, without loading the PDF bytes."""
    return Document.objects.filter(case_id=case_id).defer("pdf").order_by("issued_at", "id")


def document_by_verify_code(code: str) -> Document:
    """The document a printed verification code names; Http404 for anything unknown."""
    return get_object_or_404(Document.objects.defer("pdf"), verify_code=code.strip().upper())
