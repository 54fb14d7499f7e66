"""The credit commitment letter (信用承诺书) a subject signs before applying for repair: rendered
from its template with the repair decision's legal basis from the clause library."""

from django.conf import settings

from workflows.documents.clauses import clauses_for
from workflows.documents.parties import organ_name, parties_context
from workflows.documents.rendering import render_pdf
from workflows.records.models import CreditRecord

TITLE = "信用承诺书"


def commitment_pdf(record: CreditRecord) -> bytes:
    parties = parties_context(subject=record.subject, filing_department=None)
    context = {
        "title": TITLE,
        "issuer_name": settings.ISSUING_ORGAN_NAME,
        "platform_name": settings.CREDIT_PLATFORM_NAME,
        "subject": parties["subject"],
        "record_summary": record.summary,
        "record_document_number": record.document_number,
        "provider_name": organ_name(record.provider),
        "legal_basis": clauses_for("repair_decision", record.subject.kind).basis.text,
    }
    return render_pdf("documents/repair/commitment.html", context)
