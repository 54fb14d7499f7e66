"""Issues documents: takes the next number, renders the PDF once and stores its bytes and hash."""

import base64
import datetime
import functools
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from workflows.audit.services import audit_append

from .clauses import ClauseSet
from .models import Document, DocumentSequence
from .rendering import render_pdf

# decisions and notices are legal documents in Chinese whoever's screen issues them: the lazy
# labels in their context (an outcome, a reason) are rendered, and stored, in Chinese
DOCUMENT_LANGUAGE = "zh-hans"


def in_document_language(function):
    """Run `function` (a document's issuing, or the building of its context) in Chinese."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(DOCUMENT_LANGUAGE):
            return function(*args, **kwargs)

    return wrapper


def document_number_format(*, issuer_code: str, year: int, serial: int) -> str:
    """泰信异决〔2026〕12号: four-digit year in 〔〕, serial without padding."""
    return f"{issuer_code}〔{year:04d}〕{serial}号"


def document_serial_next(*, issuer_code: str, year: int) -> int:
    """Take the next serial under a row lock held until the caller's transaction ends.

    Holding the lock until commit is what keeps numbers gap-free: a rolled-back issue
    releases its serial, and nobody else can take the one after it meanwhile.
    """
    # get_or_create retries the read when a concurrent first insert wins the race
    sequence, _created = DocumentSequence.objects.select_for_update().get_or_create(
        issuer_code=issuer_code, year=year
    )
    sequence.last_serial += 1
    sequence.save(update_fields=["last_serial"])
    return sequence.last_serial


def _verify_code_new() -> str:
    # 80 random bits as 16 base32 characters (A–Z, 2–7): URL-safe and easy to type
    return base64.b32encode(secrets.token_bytes(10)).decode("ascii")


def document_verify_url(*, verify_code: str) -> str:
    """The public verification page on the service's configured public address (SITE_URL)."""
    return settings.SITE_URL.rstrip("/") + reverse("documents:verify", kwargs={"code": verify_code})


def _print_context(
    context: dict,
    *,
    title: str,
    issuer_name: str,
    issued_at: datetime.datetime,
    number: str,
    verify_code: str,
    verify_url: str,
    clauses: ClauseSet | None,
) -> dict:
    """What every document template prints beside the process's own facts."""
    full_context = {
        **context,
        "number": number,
        "title": title,
        "issuer_name": issuer_name,
        "issued_on": timezone.localdate(issued_at),
        "verify_code": verify_code,
        "verify_url": verify_url,
    }
    if clauses is not None:
        full_context["legal_basis"] = clauses.basis.text
        full_context["remedy"] = clauses.remedy.text
    return full_context


@in_document_language
def document_issue(
    *,
    case_id: int,
    doc_type: str,
    title: str,
    issuer_code: str,
    issuer_name: str,
    template_name: str,
    context: dict,
    outcome: str = "",
    subject_name: str = "",
    issued_at: datetime.datetime | None = None,
    clauses: ClauseSet | None = None,
) -> Document:
    """Number, render once and store a document inside the caller's transaction.

    `clauses` (from `clauses.clauses_for`) are printed as `legal_basis` and `remedy` and stored
    on the document with the versions used, so a later edit of the library changes nothing issued.
    """
    issued_at = issued_at or timezone.now()
    issued_on = timezone.localdate(issued_at)
    with transaction.atomic():
        serial = document_serial_next(issuer_code=issuer_code, year=issued_on.year)
        number = document_number_format(issuer_code=issuer_code, year=issued_on.year, serial=serial)
        verify_code = _verify_code_new()
        full_context = _print_context(
            context,
            title=title,
            issuer_name=issuer_name,
            issued_at=issued_at,
            number=number,
            verify_code=verify_code,
            verify_url=document_verify_url(verify_code=verify_code),
            clauses=clauses,
        )
        pdf = render_pdf(template_name, full_context)
        document = Document(
            case_id=case_id,
            case_number=str(context.get("case_number", "")),
            doc_type=doc_type,
            title=title,
            issuer_code=issuer_code,
            issuer_name=issuer_name,
            year=issued_on.year,
            serial=serial,
            number=number,
            outcome=outcome,
            outcome_label=str(context.get("outcome_label", "")),
            subject_name=subject_name or str(context.get("subject_name", "")),
            pdf=pdf,
            sha256=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
            verify_code=verify_code,
            issued_at=issued_at,
        )
        if clauses is not None:
            document.basis_clause_id = clauses.basis.clause_id
            document.basis_text = clauses.basis.text
            document.remedy_clause_id = clauses.remedy.clause_id
            document.remedy_text = clauses.remedy.text
        document.full_clean()
        document.save()
        # its SHA-256 goes into the chain, so swapping bytes and hash together is detected
        audit_append(document)
    return document


def document_bytes(document: Document) -> bytes:
    """The stored PDF exactly as issued (PostgreSQL hands back a memoryview)."""
    return bytes(document.pdf)


def document_draft_number(*, issuer_code: str, year: int) -> str:
    """A draft's number: the issuer's code and year with the serial left blank (泰信异决〔2026〕　号);
    the serial is taken only when the document is issued."""
    return f"{issuer_code}〔{year:04d}〕\u3000号"


@in_document_language
def document_draft_render(
    *,
    title: str,
    issuer_code: str,
    issuer_name: str,
    template_name: str,
    context: dict,
    clauses: ClauseSet | None = None,
) -> bytes:
    """The PDF a document would be if issued now, marked 草稿 (draft) on every page: no serial
    taken, no verification code, nothing stored. For people to read before they sign."""
    issued_at = timezone.now()
    full_context = _print_context(
        context,
        title=title,
        issuer_name=issuer_name,
        issued_at=issued_at,
        number=document_draft_number(
            issuer_code=issuer_code, year=timezone.localdate(issued_at).year
        ),
        verify_code="",
        verify_url="",
        clauses=clauses,
    )
    full_context["is_draft"] = True
    return render_pdf(template_name, full_context)
