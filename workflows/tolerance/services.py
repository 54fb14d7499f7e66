"""One function per fault-tolerance step action; each runs inside the step's transaction (the flow
lock's). The record effects run in the transaction that closes the publicity period."""

from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.casework.drafts import document_draft_for_case
from workflows.casework.services import case_clock_start, case_mark_closed, case_start
from workflows.casework.steps import document_issue_for_case, notify_filer
from workflows.documents.clauses import clauses_for
from workflows.documents.parties import organ_name, parties_context
from workflows.documents.services import in_document_language
from workflows.organization.models import Department
from workflows.organization.roles import Role, has_role
from workflows.records.models import Category, CreditRecord, RecordState, Subject
from workflows.records.services import (
    record_block_add,
    record_severity_lower,
    record_transition,
)
from workflows.workdays.due_dates import add_calendar_days

from .models import Condition, Finding, Outcome, ToleranceCase, ToleranceState

# domain.md §6.3: apply within 15 days of learning of the accountability matter
APPLY_WITHIN_DAYS = 15
INSPECTION_CODE = "inspection"

ONLY_FILERS_APPLY = _("Only a department's filer can apply for a fault-tolerance determination.")
NOT_OWN_SUBJECT = _("You can only apply for your own department or one of its civil servants.")
RECORD_NOT_OF_SUBJECT = _("The record must be a dishonesty record of the subject applied for.")
RECORD_NOT_ACTIVE = _("The record is %(state)s; only an active record can be named.")
LEARNED_IN_FUTURE = _("The date you learned of the matter cannot be in the future.")
LATE_NEEDS_REASON = _(
    "The application is late: the 15 days from %(learned_on)s ran out on %(due)s. Give the "
    "reason for applying late."
)
ONLY_CIRCLE_OBJECTS = _(
    "Only the applying department's filers and the credit office's reviewers may object."
)
FINDINGS_MISSING = _("Give a finding on every claimed condition; missing: %(missing)s.")
FINDINGS_NOT_CLAIMED = _("These conditions were not claimed: %(extra)s.")

FORWARDED_SUBJECT = _("Case %(case)s is forwarded for investigation")
DECLINED_SUBJECT = _("Case %(case)s is declined at preliminary review")
OBJECTION_SUBJECT = _("An objection reopens case %(case)s")

DECISION_ISSUER = "容认"
NOTICE_ISSUER = "容公"
DECISION_TITLE = "容错认定决定书"
NOTICE_TITLE = "容错认定公示"

EFFECT_REVOKED = _("Record #%(record)s revoked; new records for the matter are barred.")
EFFECT_BLOCKED = _("New records for the matter are barred.")
EFFECT_LIGHTER = _("Record #%(record)s: degree lowered to %(severity)s, publicity ends %(end)s.")
EFFECT_NONE = _("No change to any record.")
EFFECT_RECORD_MOVED = _("Record #%(record)s is %(state)s now; it was left unchanged.")


# a document is always written in Chinese, whatever the language of the request or the timer
CONDITION_CN: dict[str, str] = {
    Condition.PUBLIC_INTEREST: "出于公心、为了公共利益",
    Condition.NO_PRIVATE_GAIN: "未谋取私利",
    Condition.DUE_PROCEDURE: "经过集体决策程序或及时报告",
    Condition.PIONEERING: "属于无明确规定的先行先试",
    Condition.HARM_REMEDIED: "主动挽回损失、消除不良影响",
    Condition.FIRST_OCCURRENCE: "初次发生、未重复出现",
}
FINDING_CN: dict[str, str] = {
    Finding.MET: "符合",
    Finding.NOT_MET: "不符合",
    Finding.PARTLY: "部分符合",
}
OUTCOME_CN: dict[str, str] = {
    Outcome.EXEMPT: "免责",
    Outcome.LIGHTER: "从轻处理",
    Outcome.REDUCED: "减轻处理",
    Outcome.NOT_TOLERATED: "不予容错",
}


def late_application_due(learned_on):
    """The last day to apply: 15 calendar days after learning (a last day off moves on)."""
    return add_calendar_days(learned_on, APPLY_WITHIN_DAYS).due


def tolerance_file(*, by, data) -> ToleranceCase:
    """The registry's filing service (data: the cleaned ToleranceFileForm)."""
    if not has_role(by, Role.FILER) or by.department_id is None:
        raise PermissionDenied(ONLY_FILERS_APPLY)
    subject = Subject.objects.filter(pk=data["subject"], department_id=by.department_id).first()
    if subject is None:
        raise ValidationError({"subject": [NOT_OWN_SUBJECT]})
    record = None
    if data.get("record"):
        record = CreditRecord.objects.filter(
            pk=data["record"], subject=subject, category=Category.DISHONESTY
        ).first()
        if record is None:
            raise ValidationError({"record": [RECORD_NOT_OF_SUBJECT]})
        if record.state not in (RecordState.ACTIVE, RecordState.DISPUTED):
            raise ValidationError(
                {
                    "record": [
                        ValidationError(
                            RECORD_NOT_ACTIVE, params={"state": record.get_state_display()}
                        )
                    ]
                }
            )
    today = timezone.localdate()
    learned_on = data["learned_on"]
    if learned_on > today:
        raise ValidationError({"learned_on": [LEARNED_IN_FUTURE]})
    late_reason = (data.get("late_reason") or "").strip()
    due = late_application_due(learned_on)
    if today > due and not late_reason:
        raise ValidationError(
            {
                "late_reason": [
                    ValidationError(
                        LATE_NEEDS_REASON,
                        params={"learned_on": learned_on.isoformat(), "due": due.isoformat()},
                    )
                ]
            }
        )
    case = ToleranceCase(
        kind="tolerance",
        state=ToleranceState.FILED,
        subject=subject,
        record=record,
        filing_department_id=by.department_id,
        filed_by=by,
        filed_at=timezone.now(),
        matter=data["matter"].strip(),
        conditions=[c for c in Condition.values if c in data["conditions"]],
        statement=data["statement"].strip(),
        learned_on=learned_on,
        # an application in time keeps no reason for lateness
        late_reason=late_reason if today > due else "",
    )
    case_start(case=case)
    return case


# ---------------------------------------------------------------- assignment


def inspection_department(activation) -> Department:
    """The discipline inspection office investigates (domain.md §6.3)."""
    department = Department.objects.filter(code=INSPECTION_CODE).first()
    # without one, the credit office's queue takes the step (and the supervisors are alerted)
    return department or Department.objects.get(is_credit_office=True)


# ---------------------------------------------------------------- step actions


def tolerance_forward(*, case: ToleranceCase, by, task, data) -> None:
    """Accepted: the application goes to the inspector, the 3-month case clock starts."""
    case.forward()
    case.preliminary_opinion = data.get("comment", "")
    case.save()
    case_clock_start(case=case)
    notify_filer(case, FORWARDED_SUBJECT)


def tolerance_decline(*, case: ToleranceCase, by, task, data) -> None:
    case.decline()
    case.decline_reason = data["reason"]
    case.save()
    case_mark_closed(case=case)
    notify_filer(case, DECLINED_SUBJECT, data["reason"])


def tolerance_report(*, case: ToleranceCase, by, task, data) -> None:
    """The inspector's finding on every claimed condition, and nothing else."""
    findings = data["findings"]
    missing = [c for c in case.conditions if c not in findings]
    extra = [c for c in findings if c not in case.conditions]
    if missing:
        raise ValidationError(
            {
                "findings": [
                    ValidationError(FINDINGS_MISSING, params={"missing": ", ".join(missing)})
                ]
            }
        )
    if extra:
        raise ValidationError(
            {
                "findings": [
                    ValidationError(FINDINGS_NOT_CLAIMED, params={"extra": ", ".join(extra)})
                ]
            }
        )
    case.report()
    case.findings = findings
    case.save()


def tolerance_opinion(*, case: ToleranceCase, by, task, data) -> None:
    """One participant's opinion: the engine stores it on the participant and the history."""


def tolerance_consulted(case: ToleranceCase) -> None:
    case.consulted()
    case.save()


def tolerance_determine(*, case: ToleranceCase, by, task, data) -> None:
    """The determination is made and publicized in a limited circle: the notice is issued."""
    case.determine()
    case.outcome = data["outcome"]
    case.reasons = data["reasons"]
    case.rounds += 1
    case.save()
    document_issue_for_case(**_publicity_notice(case))


def _publicity_notice(case: ToleranceCase) -> dict:
    """The notice's arguments, the same for the document issued and its draft."""
    return {
        "case": case,
        "doc_type": "tolerance_publicity",
        "title": NOTICE_TITLE,
        "issuer": NOTICE_ISSUER,
        "template": "documents/tolerance/publicity.html",
        "context": _document_context(case),
        "outcome": case.outcome,
        "is_decision": False,
        "use_clauses": False,
    }


def tolerance_notice_draft(case: ToleranceCase, action=None, data=None) -> bytes | None:
    """The publicity notice the determine step issues, with the outcome and reasons typed there."""
    if action != "determine" or data is None:
        return None
    case.outcome = data["outcome"]  # in memory only: the draft writes nothing
    case.reasons = data["reasons"]
    return document_draft_for_case(**_publicity_notice(case))


def tolerance_object(*, case: ToleranceCase, by, task, data) -> None:
    """An objection during publicity sends the case back to the investigation. Who may object:
    the credit office's reviewers (who hold the period and collect objections from the limited
    circle) and the applying department's filers."""
    reviewer = has_role(by, Role.REVIEWER) and by.department_id == task.department_id
    applicant = has_role(by, Role.FILER) and by.department_id == case.filing_department_id
    if not (reviewer or applicant):
        raise PermissionDenied(ONLY_CIRCLE_OBJECTS)
    case.reopen()
    case.objection = data["text"]
    case.save()
    notify_filer(case, OBJECTION_SUBJECT, data["text"])


def tolerance_publicity_ended(case: ToleranceCase) -> None:
    """The period ran out without objection: the determination stands, its effects apply, the
    decision is issued and the case closes — one transaction (the timer's)."""
    case.publicity_end()
    case.effects = str(_apply_effects(case))
    case.save()
    document_issue_for_case(**_decision(case))
    case_mark_closed(case=case)


def _decision(case: ToleranceCase) -> dict:
    """The decision's arguments, the same for the document issued and its draft."""
    return {
        "case": case,
        "doc_type": "tolerance_decision",
        "title": DECISION_TITLE,
        "issuer": DECISION_ISSUER,
        "template": "documents/tolerance/decision.html",
        "context": _document_context(case),
        "outcome": case.outcome,
    }


def tolerance_decision_draft(case: ToleranceCase, action=None, data=None) -> bytes:
    """The decision the publicity period issues when it ends without objection: read while the
    period runs (an objection sends the case back instead)."""
    return document_draft_for_case(**_decision(case))


def _apply_effects(case: ToleranceCase):
    """domain.md §6.3: exempt → the record is revoked and the matter barred; lighter/reduced → the
    severity drops one class, publicity recomputed (§4); not_tolerated → nothing."""
    record = case.record
    reason = f"{DECISION_TITLE}（{case.number}）：{OUTCOME_CN[case.outcome]}。{case.reasons}"
    if case.outcome == Outcome.NOT_TOLERATED:
        return EFFECT_NONE
    if record is not None and record.state not in (RecordState.ACTIVE, RecordState.DISPUTED):
        return EFFECT_RECORD_MOVED % {"record": record.pk, "state": record.get_state_display()}
    if case.outcome == Outcome.EXEMPT:
        record_block_add(
            subject=case.subject,
            matter=record.summary if record is not None else case.matter,
            document_number=record.document_number if record is not None else "",
            reason=reason,
            case=case,
        )
        if record is None:
            return EFFECT_BLOCKED
        record_transition(record=record, transition="revoke", case=case, reason=reason)
        return EFFECT_REVOKED % {"record": record.pk}
    if record is None:
        return EFFECT_NONE
    lowered = record_severity_lower(record=record, case=case, reason=reason)
    return EFFECT_LIGHTER % {
        "record": record.pk,
        "severity": lowered.get_severity_display(),
        "end": lowered.publicity_end or "—",
    }


def tolerance_was_forwarded(case: ToleranceCase) -> bool:
    return case.state == ToleranceState.INVESTIGATING


def tolerance_may_withdraw(*, user, case: ToleranceCase) -> bool:
    """The applying department's filer, until the determination is publicized (a closed case is
    refused by the engine as moved on)."""
    return (
        case.state != ToleranceState.PUBLICIZING
        and user.department_id == case.filing_department_id
        and has_role(user, Role.FILER)
    )


# ---------------------------------------------------------------- documents


@in_document_language
def _document_context(case: ToleranceCase) -> dict:
    record = cast(CreditRecord | None, case.record)
    basis = clauses_for("tolerance_decision", case.subject.kind).basis.text
    return {
        **parties_context(
            subject=case.subject,
            filing_department=case.filing_department,
            providing_department=record.provider if record is not None else None,
        ),
        "case_number": case.number,
        "subject_name": case.subject.name,
        "filed_on": timezone.localtime(case.filed_at).date(),
        "learned_on": case.learned_on,
        "matter": case.matter,
        "statement": case.statement,
        "late_reason": case.late_reason,
        "record_summary": record.summary if record is not None else "",
        "record_document_number": record.document_number if record is not None else "",
        "record_severity_label": record.get_severity_display() if record is not None else "",
        "conditions": [CONDITION_CN[c] for c in case.conditions],
        "findings": [
            {
                "condition": CONDITION_CN[condition],
                "finding": FINDING_CN[entry["finding"]],
                "evidence": entry["evidence"],
            }
            for condition, entry in case.findings.items()
        ],
        "outcome": case.outcome,
        "outcome_label": OUTCOME_CN.get(case.outcome, ""),
        "reasons": case.reasons,
        "effects": case.effects,
        "publicity_basis": basis,
        "inspection_name": organ_name(inspection_department(None)),
    }
