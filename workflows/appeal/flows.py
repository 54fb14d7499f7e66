"""The objection appeal (异议申诉) as a BPMN flow: who does what, by when. Logic lives in services."""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from workflows.casework import alerts, assignment
from workflows.casework.nodes import CaseStep, StepAction, with_deadline_alerts
from workflows.organization.roles import Role

from . import forms, services
from .models import Appeal, AppealProcess


class AppealFlow(flow.Flow):
    process_class = AppealProcess
    process_title = _("Objection appeal")
    process_description = _("A department disputes a credit record; the credit office decides.")
    lock_impl = lock.select_for_update_lock
    case_model = Appeal

    start = flow.StartHandle(this.start_case).Next(this.accept)

    accept = with_deadline_alerts(
        CaseStep(
            step="accept",
            role=Role.REVIEWER,
            department=assignment.credit_office,
            actions=[
                StepAction("accept", _("Accept"), forms.NoFieldsForm, services.appeal_accept),
                StepAction(
                    "request_material",
                    _("Request missing material"),
                    forms.RequestMaterialForm,
                    services.appeal_request_material,
                    completes_task=False,
                ),
                StepAction(
                    "not_accept",
                    _("Do not accept"),
                    forms.NotAcceptForm,
                    services.appeal_not_accept,
                ),
            ],
        ).Annotation(title=_("Accept"))
    ).Next(this.is_accepted)

    is_accepted = (
        flow.If(this.was_accepted)
        .Annotation(title=_("Accepted?"))
        .Then(this.verify)
        .Else(this.not_accepted)
    )

    verify = with_deadline_alerts(
        CaseStep(
            step="verify",
            role=Role.VERIFIER,
            department=assignment.record_provider,
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
        ).Annotation(title=_("Verify"))
    ).Next(this.decide)

    decide = with_deadline_alerts(
        CaseStep(
            step="decide",
            role=Role.REVIEWER,
            department=assignment.credit_office,
            actions=[
                StepAction("draft", _("Draft the decision"), forms.DraftForm, services.appeal_draft)
            ],
        ).Annotation(title=_("Decide"))
    ).Next(this.sign)

    sign = with_deadline_alerts(
        CaseStep(
            step="sign",
            role=Role.APPROVER,
            department=assignment.credit_office,
            actions=[
                StepAction(
                    "approve", _("Approve and sign"), forms.NoFieldsForm, services.appeal_approve
                ),
                StepAction(
                    "return", _("Return to the reviewer"), forms.ReturnForm, services.appeal_return
                ),
            ],
        ).Annotation(title=_("Sign"))
    ).Next(this.is_signed)

    is_signed = (
        flow.If(this.was_signed).Annotation(title=_("Signed?")).Then(this.decided).Else(this.decide)
    )

    decided = flow.End().Annotation(title=_("Decided"))
    not_accepted = flow.End().Annotation(title=_("Not accepted"))

    send_reminder = (
        flow.Function(alerts.send_reminder).Annotation(title=_("Remind")).Next(this.alerted)
    )
    escalate_to_leader = (
        flow.Function(alerts.escalate_to_leader)
        .Annotation(title=_("Alert the leader"))
        .Next(this.alerted)
    )
    escalate_to_supervisor = (
        flow.Function(alerts.escalate_to_supervisor)
        .Annotation(title=_("Alert the supervisor"))
        .Next(this.alerted)
    )
    alerted = flow.End().Annotation(title=_("Alert sent"))

    def start_case(self, activation, case):
        activation.process.artifact = case
        activation.process.save()
        case.process = activation.process
        case.save(update_fields=["process"])
        return activation.process

    def was_accepted(self, activation) -> bool:
        return services.appeal_is_accepted(activation.process.appeal)

    def was_signed(self, activation) -> bool:
        return services.appeal_is_signed(activation.process.appeal)

    def withdraw_case(self, *, case, by, reason: str = "") -> None:
        services.appeal_withdraw(case=case, by=by, reason=reason)
