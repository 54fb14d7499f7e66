"""The probe flow: two human steps, a per-case deadline that opens a human step when it passes,
a joint step, a case clock and a document — nothing outside this package."""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from viewflow import this
from viewflow.workflow import flow

from workflows.casework import assignment, drafts, steps
from workflows.casework.flows import CaseFlow
from workflows.casework.nodes import CaseStep, JointStep, Participant, PeriodStep, StepAction
from workflows.casework.services import case_clock_start, case_mark_closed, case_start
from workflows.organization.models import Department
from workflows.organization.roles import Role, has_role
from workflows.records.models import Subject

from .models import NotAcceptReason, ProbeCase, ProbeProcess, ProbeState


def probe_file(*, by, data) -> ProbeCase:
    if not has_role(by, Role.FILER):
        raise PermissionDenied("filers only")
    subject = Subject.objects.get(pk=data["subject"], department_id=by.department_id)
    case = ProbeCase(
        kind="probe",
        state=ProbeState.FILED,
        subject=subject,
        filing_department_id=by.department_id,
        filed_by=by,
        note=data["note"],
    )
    return case_start(case=case)


def _accepted(*, case, by, data) -> None:
    case.deadline_on = timezone.localdate() + datetime.timedelta(days=14)
    case.save()
    case_clock_start(case=case)


def _finish(*, case, by, task, data) -> None:
    case.finish()
    case.save()


def _not_accepted(*, case, by, data) -> None:
    pass


def _opinion(*, case, by, task, data) -> None:
    pass


def _decision(case) -> dict:
    """One set of arguments for the decision as issued and as drafted before the decide step."""
    return {
        "case": case,
        "doc_type": "probe_decision",
        "title": "探针决定书",
        "issuer": "探决",
        "template": "probe/decision.html",
        "context": {"note": case.note},
        "outcome": "done",
    }


def _decide(*, case, by, task, data) -> None:
    steps.document_issue_for_case(**_decision(case))


def probe_decision_draft(case, action=None, data=None) -> bytes:
    return drafts.document_draft_for_case(**_decision(case))


def probe_refusal_draft(case, action=None, data=None) -> bytes | None:
    """Not accepting at intake drafts a notice of the comment typed (made of the entries only)."""
    if action != "not_accept" or data is None:
        return None
    case.note = f"不予受理：{data.get('comment') or data['reason']}"  # in memory only
    return drafts.document_draft_for_case(**_decision(case))


class OpinionForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("agree", "agree"), ("disagree", "disagree")])
    reasons = forms.CharField()
    # a multiple choice: kept in the opinion and its history row as a list
    grounds = forms.MultipleChoiceField(
        choices=[("law", "law"), ("facts", "facts")], required=False
    )


class ProbeFlow(CaseFlow):
    process_class = ProbeProcess
    process_title = "Probe"

    start = flow.StartHandle(this.start_case).Next(this.intake)

    intake = CaseStep(
        step="intake",
        role=Role.REVIEWER,
        department=assignment.credit_office,
        # the filer hears of the acceptance; the work step goes to the filing department
        case_related=("filed_by", "filing_department"),
        actions=[
            steps.accept_action(effects=_accepted),
            steps.request_material_action(),
            steps.not_accept_action(reasons=NotAcceptReason, effects=_not_accepted),
        ],
    ).Next(this.is_accepted)

    is_accepted = flow.If(this.was_accepted).Then(this.work).Else(this.refused)

    work = (
        CaseStep(
            step="work",
            role=Role.FILER,
            department=assignment.filing_department,
            deadline=this.work_deadline,
            case_related=(),
            actions=[StepAction("done", "Done", steps.OptionalCommentForm, _finish)],
        )
        .OnDeadline(this.chase)
        .Next(this.consult)
    )

    chase = CaseStep(
        step="chase",
        role=Role.SUPERVISOR,
        department=assignment.credit_office,
        actions=[StepAction("chase", "Chase", steps.CommentForm, _opinion)],
    ).Next(this.chased)

    consult = JointStep(
        step="consult",
        participants=this.consultants,
        case_related=(),
        actions=[StepAction("opinion", "Opinion", OpinionForm, _opinion)],
    ).Next(this.decide)

    decide = CaseStep(
        step="decide",
        role=Role.APPROVER,
        department=assignment.credit_office,
        actions=[StepAction("decide", "Decide", steps.NoFieldsForm, _decide)],
    ).Next(this.publicize)

    # a period of its own: an objection sends the case back; its end closes the case
    publicize = PeriodStep(
        step="publicize",
        role=Role.REVIEWER,
        department=assignment.credit_office,
        actions=[StepAction("object", "Object", steps.CommentForm, _opinion)],
        on_expiry=this.close,
    ).Next(this.consult)

    close = flow.Function(this.close_case).Next(this.decided)

    chased = flow.End()
    decided = flow.End()
    refused = flow.End()

    def was_accepted(self, activation) -> bool:
        return self.case_of(activation).state == ProbeState.WORKING

    def close_case(self, activation):
        case_mark_closed(case=self.case_of(activation))

    def work_deadline(self, case):
        return case.deadline_on

    def consultants(self, activation):
        inspection = Department.objects.exclude(is_credit_office=True).filter(code="inspection")
        return [
            Participant(Role.REVIEWER, assignment.credit_office),
            Participant(Role.INSPECTOR, inspection.first() or assignment.credit_office(activation)),
        ]


def probe_seed(*, stdout) -> None:
    """One open probe case per demo department filer, so the contract tests find one."""
    from django.contrib.auth import get_user_model

    if ProbeCase.objects.exists():
        return
    filer = get_user_model().objects.filter(username="filer_finance").first()
    subject = Subject.objects.filter(department=filer.department).first() if filer else None
    if filer and subject:
        probe_file(by=filer, data={"subject": subject.pk, "note": "demo probe"})
