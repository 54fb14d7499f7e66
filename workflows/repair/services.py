"""One function per repair step action; each runs inside the step's transaction (the flow lock's)."""

from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.casework.drafts import document_draft_for_case
from workflows.casework.exceptions import Conflict
from workflows.casework.services import (
    attachment_add,
    case_clock_start,
    case_mark_closed,
    case_start,
)
from workflows.casework.steps import document_issue_for_case
from workflows.documents.parties import organ_name, parties_context
from workflows.documents.services import in_document_language
from workflows.organization.models import Department
from workflows.organization.roles import Role, has_role
from workflows.records.models import CreditRecord, RecordState
from workflows.records.selectors import record_get_for_user
from workflows.records.services import record_repair

from .eligibility import Eligibility, repair_eligibility
from .models import NotAcceptedReason, Recommendation, Repair, RepairOutcome, RepairState

ONLY_FILERS_FILE = _("Only a department's filer can apply for credit repair.")
RECORD_DISPUTED = _(
    "The record is under objection; credit repair can be applied for once the objection ends."
)

DECISION_ISSUER = "修决"
REFUSAL_ISSUER = "修不"
DECISION_TITLE = "信用修复决定书"
REFUSAL_TITLE = "不予信用修复决定书"


def ineligible_errors(result: Eligibility) -> dict:
    """The 400 body's errors: every unmet condition's message, their codes and the earliest date."""
    errors: dict[str, list] = {
        "record": [c.message for c in result.unmet],
        "unmet": result.codes,
    }
    if result.earliest is not None:
        errors["earliest"] = [result.earliest.isoformat()]
    return errors


@transaction.atomic
def repair_file(
    *,
    by,
    record_id: int,
    commitment,
    performance_evidence: str = "",
    contact_phone: str = "",
) -> Repair:
    """A department applies to repair a record of its own subject, with the signed commitment.

    Refused with 409 while the record is under objection, with 400 naming every unmet condition
    and the earliest date an application can succeed while it is not eligible.
    """
    if not has_role(by, Role.FILER) or by.department_id is None:
        raise PermissionDenied(ONLY_FILERS_FILE)
    record = record_get_for_user(user=by, pk=record_id)
    record = CreditRecord.objects.select_for_update().select_related("subject").get(pk=record.pk)
    if record.state == RecordState.DISPUTED:
        raise Conflict(RECORD_DISPUTED)
    result = repair_eligibility(record, by=by, evidence=bool(performance_evidence))
    if not result.eligible:
        raise ValidationError(ineligible_errors(result))
    repair = Repair(
        kind="repair",
        state=RepairState.FILED,
        subject=record.subject,
        record=record,
        filing_department_id=by.department_id,
        filed_by=by,
        filed_at=timezone.now(),
        performance_evidence=performance_evidence,
        contact_phone=contact_phone,
    )
    case_start(case=repair)
    letter = attachment_add(case=repair, by=by, upload=commitment)
    Repair.objects.filter(pk=repair.pk).update(commitment=letter)
    repair.commitment = letter
    # the whole case within 10 working days (StepPolicy "case")
    case_clock_start(case=repair)
    return repair


def repair_file_from_form(*, by, data) -> Repair:
    """The registry's filing service: the cleaned RepairFileForm."""
    return repair_file(
        by=by,
        record_id=data["record"],
        commitment=data["commitment"],
        performance_evidence=data.get("performance_evidence", ""),
        contact_phone=data.get("contact_phone", ""),
    )


def _record_of(case: Repair) -> CreditRecord:
    # a repair is always filed on a record (repair_file)
    return cast(CreditRecord, case.record)


def repair_reviewing_department(activation) -> Department:
    """Whoever made the finding repairs: the providing department reviews, unless it is the credit
    office or the filing department itself (回避): then the credit office's verifiers review."""
    case = Repair.objects.select_related("record__provider").get(process_id=activation.process.pk)
    provider = _record_of(case).provider
    if provider.is_credit_office or provider.pk == case.filing_department_id:
        return Department.objects.get(is_credit_office=True)
    return provider


@in_document_language
def _document_context(case: Repair) -> dict:
    record = _record_of(case)
    return {
        **parties_context(
            subject=case.subject,
            filing_department=case.filing_department,
            providing_department=record.provider,
        ),
        "subject_name": case.subject.name,
        "record_summary": record.summary,
        "record_document_number": record.document_number,
        "record_severity_label": record.get_severity_display(),
        "publicity_start": record.publicity_start,
        "providing_department": organ_name(record.provider),
        "performance_evidence": case.performance_evidence,
        "obligations_met": record.obligations_met,
        "recommendation": case.recommendation,
        "review_reasons": case.review_reasons,
        "reasons": case.reasons or case.review_reasons,
        "outcome": case.outcome,
        "filed_on": timezone.localtime(case.filed_at).date(),
        "decided_on": timezone.localdate(),
        "reapply_days": settings.REPAIR_REAPPLY_AFTER_DAYS,
    }


def repair_not_accepted(*, case: Repair, by, data) -> None:
    """Not accepted (the step library made the transition and closes the case); with
    not_eligible_yet the case names the earliest date an application can succeed."""
    case.not_accepted_reason = data["reason"]
    case.not_accepted_comment = data.get("comment", "")
    if data["reason"] == NotAcceptedReason.NOT_ELIGIBLE_YET:
        result = repair_eligibility(
            _record_of(case), evidence=bool(case.performance_evidence), exclude_case=case
        )
        case.earliest_on = result.earliest
    case.save()


def repair_material_requested(*, case: Repair, by, data) -> None:
    case.missing_material = data["missing"]
    case.save()


def _recommend(case: Repair, recommendation: str, data) -> None:
    case.recommendation = recommendation
    case.review_reasons = data["reasons"]
    case.recommend()
    case.save()


def repair_recommend_repair(*, case: Repair, by, task, data) -> None:
    _recommend(case, Recommendation.REPAIR, data)


def repair_recommend_refusal(*, case: Repair, by, task, data) -> None:
    _recommend(case, Recommendation.REFUSAL, data)


DECISION: dict[str, Any] = {
    "issuer": DECISION_ISSUER,
    "title": DECISION_TITLE,
    "doc_type": "repair_decision",
    "template": "documents/repair/decision.html",
}
REFUSAL: dict[str, Any] = {
    "issuer": REFUSAL_ISSUER,
    "title": REFUSAL_TITLE,
    "doc_type": "repair_refusal",
    "template": "documents/repair/refusal.html",
}


def _issue(case: Repair, document: dict) -> None:
    document_issue_for_case(
        case=case, context=_document_context(case), outcome=case.outcome, **document
    )


def repair_approve(*, case: Repair, by, task, data) -> None:
    """Signed: the record is repaired, its publicity ends today, the decision is issued."""
    case.approve()
    case.outcome = RepairOutcome.REPAIRED
    case.reasons = data.get("reasons", "") or case.review_reasons
    case.save()
    record_repair(record=_record_of(case), by=by, case=case, reason=case.reasons)
    _issue(case, DECISION)
    case_mark_closed(case=case)


def repair_refuse(*, case: Repair, by, task, data) -> None:
    """Refused: the record is unchanged; a new application is possible after the policy's days."""
    case.refuse()
    case.outcome = RepairOutcome.REFUSED
    case.reasons = data["reasons"]
    case.save()
    _issue(case, REFUSAL)
    case_mark_closed(case=case)


def repair_sign_draft(case: Repair, action=None, data=None) -> bytes:
    """What signing issues: approving, the repair decision; refusing, the refusal — with the
    reasons typed, else the review's. Before any entry: as the review recommends."""
    if action is None:
        refusal = case.recommendation == Recommendation.REFUSAL
    else:
        refusal = action == "refuse"
        case.reasons = (data or {}).get("reasons", "")  # in memory only
    case.outcome = RepairOutcome.REFUSED if refusal else RepairOutcome.REPAIRED
    return document_draft_for_case(
        case=case, context=_document_context(case), **(REFUSAL if refusal else DECISION)
    )


def repair_returned(*, case: Repair, by, data) -> None:
    case.return_comment = data["comment"]
    case.save()


def repair_is_accepted(case: Repair) -> bool:
    return case.state == RepairState.REVIEWING


def repair_is_signed(case: Repair) -> bool:
    return case.state in (RepairState.REPAIRED, RepairState.REFUSED)
