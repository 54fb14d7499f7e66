"""One function per rectification step action; each runs inside the step's transaction (the flow
lock's). Issuing is the credit office's act; the subject's department explains and rectifies."""

from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.casework import deadlines
from workflows.casework.drafts import document_draft_for_case
from workflows.casework.models import CaseTask
from workflows.casework.services import case_mark_closed, case_start, task_extension_grant
from workflows.casework.steps import document_issue_for_case, side_task_open
from workflows.documents.parties import organ_name, parties_context
from workflows.organization.models import Department
from workflows.organization.roles import Role, has_role
from workflows.organization.scope import is_credit_office
from workflows.records.models import Category, CreditRecord, RecordState, SubjectKind
from workflows.records.selectors import record_get_for_user
from workflows.records.services import (
    honours_ban_ends_on,
    honours_ban_impose,
    record_obligations_mark_met,
)
from workflows.workdays.due_dates import add_workdays

from .models import ExtensionDecision, Rectification, RectificationState

KIND = "rectification"
ONLY_CREDIT_OFFICE_ISSUES = _(
    "Only a reviewer or a supervisor of the credit office can issue a rectification notice."
)
RECORD_NOT_DISHONESTY = _("A rectification is issued only on a dishonesty record.")
RECORD_NOT_ACTIVE = _(
    "A rectification is issued only on an active record; this record is %(state)s."
)
SUBJECT_NOT_BODY = _(
    "A rectification is issued to a government body; this record is about a civil servant."
)
ALREADY_OPEN = _("Rectification %(number)s on this record is still open.")
EXTENSION_ONCE = _("An extension of the rectification deadline may be requested once.")
EXTENSION_TOO_LONG = _("An extension may be at most %(max)d working days.")

NOTICE_ISSUER = "整通"
ACCEPTANCE_ISSUER = "整验"
NOTIFICATION_ISSUER = "通报"
NOTICE_TITLE = "整改通知书"
ACCEPTANCE_TITLE = "整改验收意见书"
NOTIFICATION_TITLE = "关于未按期完成政务失信整改情况的通报"

EXPLAIN_STEP = "explain"
RECTIFY_STEP = "rectify"
REVIEW_EXTENSION_STEP = "review_extension"
HANDLE_OVERDUE_STEP = "handle_overdue"


# ---------------------------------------------------------------- issuing


def may_issue(user) -> bool:
    return is_credit_office(user) and has_role(user, Role.REVIEWER, Role.SUPERVISOR)


def _record_of(case: Rectification) -> CreditRecord:
    # a rectification is always issued on a record (rectification_issue)
    return cast(CreditRecord, case.record)


def _check_record(record: CreditRecord) -> None:
    if record.category != Category.DISHONESTY:
        raise ValidationError({"record": [RECORD_NOT_DISHONESTY]})
    if record.state != RecordState.ACTIVE:
        raise ValidationError(
            {
                "record": [
                    ValidationError(RECORD_NOT_ACTIVE, params={"state": record.get_state_display()})
                ]
            }
        )
    if record.subject.kind != SubjectKind.BODY:
        raise ValidationError({"record": [SUBJECT_NOT_BODY]})
    open_case = Rectification.objects.filter(record=record, closed_at__isnull=True).first()
    if open_case is not None:
        raise ValidationError(
            {"record": [ValidationError(ALREADY_OPEN, params={"number": open_case.number})]}
        )


@transaction.atomic
def rectification_issue(
    *, by, record_id: int, required_measures: str, deadline_days: int
) -> Rectification:
    """The credit office orders a body to explain and rectify by a deadline set for the case
    (working days from today); the rectification notice is issued at once."""
    if not may_issue(by):
        raise PermissionDenied(ONLY_CREDIT_OFFICE_ISSUES)
    record = record_get_for_user(user=by, pk=record_id)
    _check_record(record)
    deadline_on = add_workdays(timezone.localdate(), deadline_days).due
    case = Rectification(
        kind=KIND,
        state=RectificationState.EXPLAINING,
        subject=record.subject,
        record=record,
        filing_department=Department.objects.get(is_credit_office=True),
        filed_by=by,
        filed_at=timezone.now(),
        required_measures=required_measures,
        deadline_days=deadline_days,
        deadline_on=deadline_on,
        original_deadline_on=deadline_on,
    )
    case_start(case=case)
    _issue(
        case,
        issuer=NOTICE_ISSUER,
        title=NOTICE_TITLE,
        doc_type="rectification_notice",
        template="documents/rectification/notice.html",
        outcome="issued",
        is_decision=False,
    )
    return case


def rectification_issue_from_form(*, by, data) -> Rectification:
    """The registry's filing service: the cleaned RectificationIssueForm."""
    return rectification_issue(
        by=by,
        record_id=data["record"],
        required_measures=data["required_measures"],
        deadline_days=data["deadline_days"],
    )


# ---------------------------------------------------------------- assignment and routing


def subject_department(activation) -> Department:
    """The subject's own department explains and rectifies."""
    case = Rectification.objects.select_related("subject__department").get(
        process_id=activation.process.pk
    )
    return case.subject.department


def inspection_department(activation) -> Department:
    """Discipline inspection (纪检监察) holds the responsible person to account."""
    office = (
        Department.objects.filter(is_credit_office=False, users__groups__name=Role.INSPECTOR)
        .distinct()
        .order_by("pk")
        .first()
    )
    return office or Department.objects.get(is_credit_office=True)


def rectify_deadline(case: Rectification):
    return case.deadline_on


def is_accepted(case: Rectification) -> bool:
    return case.state == RectificationState.ACCEPTED


def overdue_not_yet_handled(case: Rectification) -> bool:
    """The deadline opens the overdue handling once per case, even if a rejected report brings
    the case back to rectify after the deadline."""
    return not CaseTask.objects.filter(case=case, step=HANDLE_OVERDUE_STEP).exists()


def was_referred(case: Rectification) -> bool:
    return bool(case.responsible_person)


def _close_if_done(case: Rectification, task: CaseTask) -> None:
    """Accepted, and nothing else left open (overdue handling, an extension review): closed."""
    if case.state != RectificationState.ACCEPTED or case.is_closed:
        return
    others = CaseTask.objects.filter(case=case, is_open=True).exclude(pk=task.pk)
    if not others.exists():
        case_mark_closed(case=case)


# ---------------------------------------------------------------- documents


def _document_context(case: Rectification) -> dict:
    record = _record_of(case)
    context = parties_context(
        subject=case.subject, filing_department=None, providing_department=record.provider
    )
    return {
        **context,
        "case_number": case.number,
        "subject_name": case.subject.name,
        "record_summary": record.summary,
        "record_document_number": record.document_number,
        "record_occurred_on": record.occurred_on,
        "providing_department": organ_name(record.provider),
        "required_measures": case.required_measures,
        "deadline_days": case.deadline_days,
        "deadline_on": case.deadline_on,
        "issued_notice_on": timezone.localtime(case.filed_at).date(),
        "causes": case.causes,
        "measures_taken": case.measures_taken,
        "verification_comment": getattr(case, "_verification_comment", ""),
        "ban_months": case.ban_months,
        "ban_until": getattr(case, "_ban_until", None),
        "responsible_person": case.responsible_person,
    }


def _issue(case, *, issuer, title, doc_type, template, outcome, is_decision=True):
    return document_issue_for_case(
        case=case,
        doc_type=doc_type,
        title=title,
        issuer=issuer,
        template=template,
        context=_document_context(case),
        outcome=outcome,
        is_decision=is_decision,
    )


ACCEPTANCE: dict[str, Any] = {
    "issuer": ACCEPTANCE_ISSUER,
    "title": ACCEPTANCE_TITLE,
    "doc_type": "rectification_acceptance",
    "template": "documents/rectification/acceptance.html",
}
NOTIFICATION: dict[str, Any] = {
    "issuer": NOTIFICATION_ISSUER,
    "title": NOTIFICATION_TITLE,
    "doc_type": "public_notification",
    "template": "documents/rectification/notification.html",
}


def rectification_acceptance_draft(case: Rectification, action=None, data=None) -> bytes:
    """The acceptance opinion the verify step issues when it accepts, with the comment typed
    there as the opinion's third part. Read before accepting."""
    case._verification_comment = (data or {}).get("comment", "")  # type: ignore[attr-defined]
    return document_draft_for_case(case=case, context=_document_context(case), **ACCEPTANCE)


def rectification_notification_draft(case: Rectification, action=None, data=None) -> bytes | None:
    """The public notification the overdue step issues if it chooses to notify publicly, with
    the honours ban and the referral chosen there; choosing no notification issues nothing."""
    if data is not None:
        if not data.get("notify_publicly"):
            return None
        # in memory only, as rectification_handle_overdue would set them
        case.ban_months = data["ban_months"] if data.get("ban_honours") else 0
        if case.ban_months:
            case._ban_until = honours_ban_ends_on(  # type: ignore[attr-defined]
                starts_on=timezone.localdate(), months=case.ban_months
            )
        case.responsible_person = (
            data["responsible_person"].strip() if data.get("refer_accountability") else ""
        )
    return document_draft_for_case(case=case, context=_document_context(case), **NOTIFICATION)


# ---------------------------------------------------------------- step actions


def rectification_explain(*, case: Rectification, by, task, data) -> None:
    case.causes = data["causes"]
    case.explain()
    case.save()


def rectification_submit_report(*, case: Rectification, by, task, data) -> None:
    """The report counts whenever it comes, also after the deadline."""
    case.measures_taken = data["measures_taken"]
    case.submit_report()
    case.save()


def rectification_request_extension(*, case: Rectification, by, task, data) -> None:
    """Once per case, at most the policy's length; the credit office's approver decides while
    the rectify step runs on."""
    if case.extension_days:
        raise ValidationError({"days": [EXTENSION_ONCE]})
    longest = deadlines.step_policy(KIND, RECTIFY_STEP).max_extension_days
    if data["days"] > longest:
        raise ValidationError(
            {"days": [ValidationError(EXTENSION_TOO_LONG, params={"max": longest})]}
        )
    case.extension_reason = data["reason"]
    case.extension_days = data["days"]
    case.save()
    side_task_open(host=task, node_name=REVIEW_EXTENSION_STEP)


def rectification_grant_extension(*, case: Rectification, by, task, data) -> None:
    """The deadline moves by the days requested: the open rectify task now, and the case's own
    deadline, which a later return to rectify keeps."""
    case.extension_decision = ExtensionDecision.GRANTED
    case.extension_comment = data.get("comment", "")
    rectify = (
        CaseTask.objects.filter(case=case, step=RECTIFY_STEP, is_open=True)
        .select_related("case", "task")
        .first()
    )
    if rectify is not None:
        task_extension_grant(
            case_task=rectify, by=by, days=case.extension_days, reason=case.extension_reason
        )
    case.deadline_on = add_workdays(case.deadline_on, case.extension_days).due
    case.save()
    _close_if_done(case, task)


def rectification_refuse_extension(*, case: Rectification, by, task, data) -> None:
    case.extension_decision = ExtensionDecision.REFUSED
    case.extension_comment = data.get("comment", "")
    case.save()
    _close_if_done(case, task)


def rectification_accept(*, case: Rectification, by, task, data) -> None:
    """Accepted: the record's obligations are met (credit repair may rely on it) and the
    verification opinion is issued. A ban already imposed stays."""
    case.accept_rectification()
    case.save()
    record_obligations_mark_met(
        record=_record_of(case), by=by, case=case, reason=str(ACCEPTANCE_TITLE)
    )
    case._verification_comment = data.get("comment", "")  # type: ignore[attr-defined]
    _issue(case, outcome="accepted", **ACCEPTANCE)
    _close_if_done(case, task)


def rectification_reject(*, case: Rectification, by, task, data) -> None:
    """Back to rectify with the same deadline (the case carries it)."""
    case.rejection_reasons = data["reasons"]
    case.reject()
    case.save()


def rectification_handle_overdue(*, case: Rectification, by, task, data) -> None:
    """The deadline passed: any combination of public notification, an honours ban and a
    referral of the principal responsible person to discipline inspection."""
    case.overdue_handled = True
    if data.get("ban_honours"):
        case.ban_months = data["ban_months"]
        ban = honours_ban_impose(
            subject=case.subject,
            months=case.ban_months,
            by=by,
            case=case,
            reason=data.get("comment", "") or str(NOTIFICATION_TITLE),
        )
        case._ban_until = ban.ends_on  # type: ignore[attr-defined]
    if data.get("refer_accountability"):
        case.responsible_person = data["responsible_person"].strip()
    case.save()
    if data.get("notify_publicly"):
        case.notified_publicly = True
        case.save(update_fields=["notified_publicly"])
        _issue(case, outcome="notified", is_decision=False, **NOTIFICATION)
    if not case.responsible_person:
        _close_if_done(case, task)


def rectification_accountability(*, case: Rectification, by, task, data) -> None:
    case.accountability_findings = data["findings"]
    case.save()
    _close_if_done(case, task)


# ---------------------------------------------------------------- withdrawal


def rectification_may_withdraw(*, user, case: Rectification) -> bool:
    """Before acceptance, the reviewer who issued it or a supervisor of the credit office (a case
    already closed answers 409 in the engine)."""
    if case.state == RectificationState.ACCEPTED:
        return False
    if not is_credit_office(user):
        return False
    return has_role(user, Role.SUPERVISOR) or (
        has_role(user, Role.REVIEWER) and user.pk == case.filed_by_id
    )
