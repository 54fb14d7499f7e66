"""The clause library: legal-basis and remedy texts per document type and subject kind, versioned."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Clause, ClauseKind
from .rendering import render_pdf

CLAUSE_TEXT_EMPTY = _("A clause needs a text.")
CLAUSE_NOT_CURRENT = _("Only the current version of a clause can be revised.")
CLAUSE_FORBIDDEN_TEXT = _("%(text)s may not appear in this clause: %(why)s")

# texts a clause must never contain (domain.md §7), with the reason shown to the administrator
FORBIDDEN = {
    "征信业管理条例": _(
        "by its article 2 it does not govern information state organs collect in their duties."
    ),
}
# a government body's own integrity record is internal supervision, never an administrative act
FORBIDDEN_FOR_BODIES = {
    "行政复议": _("a body's own integrity record is not open to administrative reconsideration."),
    "行政诉讼": _("a body's own integrity record is not open to administrative litigation."),
}


@dataclass(frozen=True)
class ClauseText:
    """One clause as a document prints and stores it."""

    clause_id: int
    version: int
    text: str


@dataclass(frozen=True)
class ClauseSet:
    basis: ClauseText
    remedy: ClauseText


def _current(*, doc_type: str, kind: str, subject_kind: str) -> ClauseText:
    # a clause for the subject's kind wins over one for every subject
    candidates = Clause.objects.filter(
        doc_type=doc_type, kind=kind, subject_kind__in=[subject_kind, ""], is_current=True
    ).order_by("-subject_kind")
    clause = candidates.first()
    if clause is None:
        raise ImproperlyConfigured(
            f"the clause library has no current {kind} clause for {doc_type!r} ({subject_kind!r})"
        )
    return ClauseText(clause_id=clause.pk, version=clause.version, text=clause.text)


def clauses_for(doc_type: str, subject_kind: str) -> ClauseSet:
    """The current legal basis and remedy for a document about a subject of this kind."""
    return ClauseSet(
        basis=_current(doc_type=doc_type, kind=ClauseKind.BASIS, subject_kind=subject_kind),
        remedy=_current(doc_type=doc_type, kind=ClauseKind.REMEDY, subject_kind=subject_kind),
    )


def clause_text_check(*, text: str, subject_kind: str) -> None:
    """Refuse a text that is empty or cites what the law rules out (domain.md §7)."""
    if not text.strip():
        raise ValidationError({"text": CLAUSE_TEXT_EMPTY})
    forbidden = dict(FORBIDDEN)
    if subject_kind in ("", "body"):
        forbidden.update(FORBIDDEN_FOR_BODIES)
    errors = [
        ValidationError(CLAUSE_FORBIDDEN_TEXT, params={"text": word, "why": why})
        for word, why in forbidden.items()
        if word in text
    ]
    if errors:
        raise ValidationError({"text": errors})


@transaction.atomic
def clause_revise(*, clause: Clause, text: str, note: str = "", by=None) -> Clause:
    """A new version with the new text becomes current; the old row is kept unchanged."""
    current = Clause.objects.select_for_update().get(pk=clause.pk)
    if not current.is_current:
        raise ValidationError(CLAUSE_NOT_CURRENT)
    clause_text_check(text=text, subject_kind=current.subject_kind)
    Clause.objects.filter(pk=current.pk).update(is_current=False)
    latest = (
        Clause.objects.filter(
            doc_type=current.doc_type, kind=current.kind, subject_kind=current.subject_kind
        )
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    new = Clause(
        doc_type=current.doc_type,
        kind=current.kind,
        subject_kind=current.subject_kind,
        version=(latest or 0) + 1,
        text=text.strip(),
        note=note,
        is_current=True,
        created_by=by,
    )
    new.full_clean()
    new.save()
    return new


@transaction.atomic
def clause_create(
    *, doc_type: str, kind: str, subject_kind: str, text: str, note: str = "", by=None
) -> Clause:
    """The first version of a clause, or a new version if one exists for the same key."""
    existing = Clause.objects.filter(
        doc_type=doc_type, kind=kind, subject_kind=subject_kind, is_current=True
    ).first()
    if existing is not None:
        return clause_revise(clause=existing, text=text, note=note, by=by)
    clause_text_check(text=text, subject_kind=subject_kind)
    latest = (
        Clause.objects.filter(doc_type=doc_type, kind=kind, subject_kind=subject_kind)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    clause = Clause(
        doc_type=doc_type,
        kind=kind,
        subject_kind=subject_kind,
        version=(latest or 0) + 1,
        text=text.strip(),
        note=note,
        created_by=by,
    )
    clause.full_clean()
    clause.save()
    return clause


# the name printed as each document type's title (a document is always written in Chinese)
DOCUMENT_TITLES = {
    "appeal_decision": "异议处理决定书",
    "appeal_not_accepted": "不予受理通知书",
    "rectification_notice": "整改通知书",
    "rectification_acceptance": "整改验收意见书",
    "public_notification": "通报",
    "tolerance_decision": "容错认定决定书",
    "repair_decision": "信用修复决定书",
    "repair_refusal": "不予信用修复决定书",
}


def clause_preview_sentence(clause: Clause) -> str:
    """The clause as the document prints it, in its sentence."""
    if clause.kind == ClauseKind.BASIS:
        return "根据" + clause.text.strip().rstrip("。；;，,") + "，本机关决定如下：……"
    return clause.text


def _preview_context(clause: Clause) -> dict:
    subject_kind = clause.subject_kind or "body"
    others = {
        kind: Clause.objects.filter(
            doc_type=clause.doc_type,
            kind=kind,
            subject_kind__in=[subject_kind, ""],
            is_current=True,
        )
        .order_by("-subject_kind")
        .first()
        for kind in ClauseKind.values
    }
    texts = {kind: (other.text if other else "") for kind, other in others.items()}
    texts[clause.kind] = clause.text
    if subject_kind == "person":
        subject = {"is_body": False, "name": "张三（示例）", "employer": "泰州市示例局"}
    else:
        subject = {
            "is_body": True,
            "name": "泰州市示例局",
            "uscc": "11321200MB0000000X",
            "address": "泰州市海陵区示例路1号",
            "person_in_charge": "李四（示例）",
        }
    return {
        "title": DOCUMENT_TITLES.get(clause.doc_type, clause.get_doc_type_display()),
        "number": "泰信示〔2026〕1号",
        "issuer_name": settings.ISSUING_ORGAN_NAME,
        "issued_on": timezone.localdate(),
        "verify_code": "PREVIEW",
        "verify_url": "",
        "addressee": "泰州市示例局",
        "subject": subject,
        "applicant": None,
        "copy_to": [settings.CREDIT_PLATFORM_NAME],
        "legal_basis": texts[ClauseKind.BASIS],
        "remedy": texts[ClauseKind.REMEDY],
        "preview_note": f"条款预览：{clause}",
    }


def clause_preview_pdf(clause: Clause) -> bytes:
    """A sample document of the clause's type printing this version (nothing is numbered or stored)."""
    return render_pdf("documents/clause_preview.html", _preview_context(clause))
