"""The objection appeal (异议申诉) as a BPMN flow: who does what, by when. Logic lives in services."""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from workflows.casework import assignment, steps
from workflows.casework.flows import CaseFlow
from workflows.casework.nodes import CaseStep, StepAction
from workflows.organization.roles import Role

from . import forms, services
from .models import AppealProcess, NotAcceptedReason


class AppealFlow(CaseFlow):
    process_class = AppealProcess
    process_title = _("Objection appeal")
    process_description = _("A department disputes a credit record; the credit office decides.")

    start = flow.StartHandle(this.start_case).Next(this.accept)

    accept = (
        CaseStep(
            step="accept",
            role=Role.REVIEWER,
            department=assignment.credit_office,
            actions=[
                steps.accept_action(),
                steps.request_material_action(effects=services.appeal_material_requested),
                steps.not_accept_action(
                    reasons=NotAcceptedReason, effects=services.appeal_not_accepted
                ),
            ],
        )
        .Annotation(title=_("Accept"))
        .Next(this.is_accepted)
    )

    is_accepted = (
        flow.If(this.was_accepted)
        .Annotation(title=_("Accepted?"))
        .Then(this.verify)
        .Else(this.not_accepted)
    )

    verify = (
        CaseStep(
            step="verify",
            role=Role.VERIFIER,
            department=services.appeal_verifying_department,
            # the finding and the next step (the credit office's) read nothing beyond the case
            case_related=(),
            actions=[
                StepAction(
                    "confirm_error",
                    _("The record is wrong"),
                    forms.ConfirmErrorForm,
                    services.appeal_confirm_error,
                ),
                StepAction(
                    "confirm_correct",
                    _("The record is right"),
                    forms.FindingForm,
                    services.appeal_confirm_correct,
                ),
                StepAction(
                    "cannot_confirm",
                    _("Cannot confirm"),
                    forms.FindingForm,
                    services.appeal_cannot_confirm,
                ),
            ],
        )
        .Annotation(title=_("Verify"))
        .Next(this.decide)
    )

    decide = (
        CaseStep(
            step="decide",
            role=Role.REVIEWER,
            department=assignment.credit_office,
            # the draft reads the record only for a corrected publicity end
            case_related=(),
            actions=[
                StepAction("draft", _("Draft the decision"), forms.DraftForm, services.appeal_draft)
            ],
        )
        .Annotation(title=_("Decide"))
        .Next(this.sign)
    )

    sign = (
        CaseStep(
            step="sign",
            role=Role.APPROVER,
            department=assignment.credit_office,
            actions=[
                StepAction(
                    "approve", _("Approve and sign"), forms.NoFieldsForm, services.appeal_approve
                ),
                steps.return_action(
                    transition="return_draft",
                    label=_("Return to the reviewer"),
                    effects=services.appeal_returned,
                ),
            ],
        )
        .Annotation(title=_("Sign"))
        .Next(this.is_signed)
    )

    is_signed = (
        flow.If(this.was_signed).Annotation(title=_("Signed?")).Then(this.decided).Else(this.decide)
    )

    decided = flow.End().Annotation(title=_("Decided"))
    not_accepted = flow.End().Annotation(title=_("Not accepted"))

    def was_accepted(self, activation) -> bool:
        return services.appeal_is_accepted(self.case_of(activation))

    def was_signed(self, activation) -> bool:
        return services.appeal_is_signed(self.case_of(activation))

    def withdraw_case(self, *, case, by, reason: str) -> None:
        services.appeal_withdraw(case=case, by=by, reason=reason)
