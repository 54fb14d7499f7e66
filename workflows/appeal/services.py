"""One function per appeal step action; each runs inside the step's transaction (the flow lock's)."""

from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.casework.assignment import credit_office
from workflows.casework.drafts import document_draft_for_case
from workflows.casework.services import case_mark_closed, case_start
from workflows.casework.steps import document_issue_for_case
from workflows.documents.parties import organ_name, parties_context
from workflows.documents.services import in_document_language
from workflows.organization.models import Department
from workflows.organization.roles import Role, has_role
from workflows.records.models import CreditRecord, RecordState
from workflows.records.selectors import record_get_for_user
from workflows.records.services import record_correct, record_note_dispute, record_transition

from .models import (
    Appeal,
    AppealOutcome,
    AppealState,
    NotAcceptedReason,
    RequestedOutcome,
    VerificationResult,
)

ONLY_FILERS_FILE = _("Only a department's filer can file an objection appeal.")
NOT_OWN_SUBJECT = _("You can only file an objection on a record of your own department's subject.")
RECORD_NOT_ACTIVE = _(
    "An objection can only be filed on an active record; this record is %(state)s."
)

OVERRIDE_REASONS_MIN_LENGTH = 20
OVERRIDE_REASONS_REQUIRED = _(
    "The outcome goes against the verifier's finding: give the reasons for departing from it "
    "in at least %(min)d characters."
)
CORRECTION_ONLY_WITH_CORRECTED = _("Only a correction amends the record.")
PUBLICITY_END_BEFORE_START = _("The publicity end cannot be before the record's publicity start.")

# outcomes that go against each finding of the verifier (cannot_confirm leaves the choice open)
CONTRARY_OUTCOMES: dict[str, set[str]] = {
    VerificationResult.CONFIRM_CORRECT: {AppealOutcome.CORRECTED, AppealOutcome.REVOKED},
    VerificationResult.CONFIRM_ERROR: {AppealOutcome.DISMISSED, AppealOutcome.DISPUTE_RECORDED},
}

DECISION_ISSUER = "异决"
NOT_ACCEPTED_ISSUER = "异不受"
DECISION_TITLE = "异议处理决定书"
NOT_ACCEPTED_TITLE = "不予受理通知书"


@transaction.atomic
def appeal_file(
    *,
    by,
    record_id: int,
    grounds: str,
    requested_outcome: str,
    proposed_correction: str = "",
    contact_phone: str = "",
) -> Appeal:
    """A department disputes a record of its own subject: the record is marked disputed."""
    if not has_role(by, Role.FILER) or by.department_id is None:
        raise PermissionDenied(ONLY_FILERS_FILE)
    record = record_get_for_user(user=by, pk=record_id)
    if record.subject.department_id != by.department_id:
        raise ValidationError({"record": [NOT_OWN_SUBJECT]})
    if record.state != RecordState.ACTIVE:
        raise ValidationError(
            {
                "record": [
                    ValidationError(RECORD_NOT_ACTIVE, params={"state": record.get_state_display()})
                ]
            }
        )
    appeal = Appeal(
        kind="appeal",
        state=AppealState.FILED,
        subject=record.subject,
        record=record,
        filing_department_id=by.department_id,
        filed_by=by,
        filed_at=timezone.now(),
        grounds=grounds,
        requested_outcome=requested_outcome,
        proposed_correction=proposed_correction
        if requested_outcome == RequestedOutcome.CORRECT
        else "",
        contact_phone=contact_phone,
    )
    case_start(case=appeal)
    record_transition(record=record, transition="mark_disputed", by=by, case=appeal, reason=grounds)
    return appeal


def appeal_file_from_form(*, by, data) -> Appeal:
    """The registry's filing service: the cleaned AppealFileForm."""
    return appeal_file(
        by=by,
        record_id=data["record"],
        grounds=data["grounds"],
        requested_outcome=data["requested_outcome"],
        proposed_correction=data["proposed_correction"],
        contact_phone=data["contact_phone"],
    )


def _verifying_department(case: Appeal) -> Department:
    provider = _record_of(case).provider
    if provider.is_credit_office or provider.pk == case.filing_department_id:
        return credit_office()
    return provider


def appeal_verifying_department(activation) -> Department:
    """The provider verifies its own information (Jiangsu 2018 measures art. 4), unless it is the
    credit office or the filing department itself (回避): then the credit office verifies."""
    return _verifying_department(activation.flow_class.instance.case_of(activation))


def _record_of(case: Appeal) -> CreditRecord:
    # an appeal is always filed against a record (appeal_file); only other kinds leave it empty
    return cast(CreditRecord, case.record)


@in_document_language
def _document_context(case: Appeal) -> dict:
    record = _record_of(case)
    return {
        **parties_context(
            subject=case.subject,
            filing_department=case.filing_department,
            providing_department=record.provider,
        ),
        "case_number": case.number,
        "subject_name": case.subject.name,
        "record_summary": record.summary,
        "record_document_number": record.document_number,
        "providing_department": organ_name(record.provider),
        "verifying_department": organ_name(_verifying_department(case)),
        "grounds": case.grounds,
        "requested_outcome_label": case.get_requested_outcome_display(),
        "finding": case.finding,
        "verification_label": case.get_verification_display() if case.verification else "",
        "reasons": case.reasons,
        "outcome": case.outcome,
        "outcome_label": case.get_outcome_display() if case.outcome else "",
        "corrected_summary": case.corrected_summary,
        "corrected_severity_label": case.get_corrected_severity_display()
        if case.corrected_severity
        else "",
        "corrected_publicity_end": case.corrected_publicity_end,
        "override_reasons": case.override_reasons,
        "not_accepted_reason": case.not_accepted_reason,
        "not_accepted_reason_label": case.get_not_accepted_reason_display()
        if case.not_accepted_reason
        else "",
        "comment": case.not_accepted_comment,
        "filed_on": timezone.localtime(case.filed_at).date(),
    }


def appeal_not_accepted(*, case: Appeal, by, data) -> None:
    """Not accepted (the step library made the transition): the dispute mark is cleared and a
    notice is issued."""
    case.not_accepted_reason = data["reason"]
    case.not_accepted_comment = data["comment"]
    case.save()
    reason = NotAcceptedReason(data["reason"]).label
    record_transition(
        record=_record_of(case), transition="clear_dispute", by=by, case=case, reason=str(reason)
    )
    document_issue_for_case(**_not_accepted_notice(case))


def _not_accepted_notice(case: Appeal) -> dict:
    """The notice's arguments, the same for the document issued and its draft."""
    return {
        "case": case,
        "issuer": NOT_ACCEPTED_ISSUER,
        "title": NOT_ACCEPTED_TITLE,
        "doc_type": "appeal_not_accepted",
        "template": "documents/appeal/not_accepted.html",
        # shown by the public verification page beside the notice's number
        "context": {**_document_context(case), "outcome_label": AppealState.NOT_ACCEPTED.label},
        "outcome": "not_accepted",
    }


def appeal_not_accepted_draft(case: Appeal, action=None, data=None) -> bytes | None:
    """The notice not accepting issues, with the reason and comment typed at the accept step."""
    if action != "not_accept" or data is None:
        return None
    case.not_accepted_reason = data["reason"]  # in memory only: the draft writes nothing
    case.not_accepted_comment = data["comment"]
    return document_draft_for_case(**_not_accepted_notice(case))


def appeal_material_requested(*, case: Appeal, by, data) -> None:
    case.missing_material = data["missing"]
    case.save()


def appeal_returned(*, case: Appeal, by, data) -> None:
    case.return_comment = data["comment"]
    case.save()


# what the verify and decide steps write (a step saves only its own fields)
VERIFICATION_FIELDS = ("verification", "finding", "proposed_outcome", "verified_correction")
DRAFT_FIELDS = (
    "outcome",
    "reasons",
    "override_reasons",
    "corrected_summary",
    "corrected_severity",
    "corrected_publicity_end",
)


def _verify(case: Appeal, result: str, data) -> None:
    case.verification = result
    case.finding = data["finding"]
    case.proposed_outcome = data.get("proposed_outcome", "")
    case.verified_correction = data.get("proposed_correction", "")
    case.record_verification()
    case.save(update_fields=["state", *VERIFICATION_FIELDS])


def appeal_confirm_error(*, case: Appeal, by, task, data) -> None:
    _verify(case, "confirm_error", data)


def appeal_confirm_correct(*, case: Appeal, by, task, data) -> None:
    _verify(case, "confirm_correct", data)


def appeal_cannot_confirm(*, case: Appeal, by, task, data) -> None:
    _verify(case, "cannot_confirm", data)


def appeal_draft(*, case: Appeal, by, task, data) -> None:
    """The reviewer drafts; an outcome against the verifier's finding needs its reasons."""
    outcome = data["outcome"]
    override = (data.get("override_reasons") or "").strip()
    errors: dict[str, list] = {}
    if (
        outcome in CONTRARY_OUTCOMES.get(case.verification, set())
        and len(override) < OVERRIDE_REASONS_MIN_LENGTH
    ):
        errors["override_reasons"] = [
            ValidationError(OVERRIDE_REASONS_REQUIRED, params={"min": OVERRIDE_REASONS_MIN_LENGTH})
        ]
    corrected = outcome == AppealOutcome.CORRECTED
    severity = data.get("corrected_severity") or ""
    publicity_end = data.get("corrected_publicity_end")
    if not corrected:
        for name, value in (
            ("corrected_severity", severity),
            ("corrected_publicity_end", publicity_end),
        ):
            if value:
                errors[name] = [ValidationError(CORRECTION_ONLY_WITH_CORRECTED)]
    elif publicity_end and publicity_end < _record_of(case).publicity_start:
        errors["corrected_publicity_end"] = [ValidationError(PUBLICITY_END_BEFORE_START)]
    if errors:
        raise ValidationError(errors)
    case.outcome = outcome
    case.reasons = data["reasons"]
    case.override_reasons = override
    case.corrected_summary = data["corrected_summary"] if corrected else ""
    # refused above unless the record is corrected: empty otherwise
    case.corrected_severity = severity
    case.corrected_publicity_end = publicity_end
    case.draft_decision()
    case.save(update_fields=["state", *DRAFT_FIELDS])


def appeal_approve(*, case: Appeal, by, task, data) -> None:
    """The leader signs: the record changes and the decision is issued, in one transaction."""
    case.sign()
    case.save()
    # the decision first: rendering takes the longest, and the record's history below chains into
    # the audit log, whose head every other writer then waits for until this commits
    record, reason = _record_of(case), case.reasons
    document_issue_for_case(**_decision(case))
    if case.outcome == AppealOutcome.CORRECTED:
        record_correct(
            record=record,
            summary=case.corrected_summary,
            severity=case.corrected_severity or None,
            publicity_end=case.corrected_publicity_end,
            by=by,
            case=case,
            reason=reason,
        )
    elif case.outcome == AppealOutcome.REVOKED:
        record_transition(record=record, transition="revoke", by=by, case=case, reason=reason)
    elif case.outcome == AppealOutcome.DISPUTE_RECORDED:
        record_note_dispute(record=record, note=reason, by=by, case=case)
    else:
        record_transition(
            record=record, transition="clear_dispute", by=by, case=case, reason=reason
        )
    case_mark_closed(case=case)


def _decision(case: Appeal) -> dict:
    """The decision's arguments, the same for the document issued at signing and its draft."""
    return {
        "case": case,
        "issuer": DECISION_ISSUER,
        "title": DECISION_TITLE,
        "doc_type": "appeal_decision",
        "template": "documents/appeal/decision.html",
        "context": _document_context(case),
        "outcome": case.outcome,
    }


def appeal_decision_draft(case: Appeal, action=None, data=None) -> bytes:
    """The decision the sign step issues, as the reviewer drafted it: read before signing."""
    return document_draft_for_case(**_decision(case))


def appeal_withdraw(*, case: Appeal, by, reason: str) -> None:
    """Withdrawn before signing: the dispute mark is cleared."""
    case.withdraw()
    case.save()
    record_transition(
        record=_record_of(case), transition="clear_dispute", by=by, case=case, reason=reason
    )


def appeal_is_accepted(case: Appeal) -> bool:
    return case.state == AppealState.VERIFYING


def appeal_is_signed(case: Appeal) -> bool:
    return case.state == AppealState.DECIDED
