"""Credit repair (信用修复) as a BPMN flow: who does what, by when. Logic lives in services."""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from workflows.casework import assignment, steps
from workflows.casework.flows import CaseFlow
from workflows.casework.nodes import CaseStep, StepAction
from workflows.organization.roles import Role

from . import forms, services
from .models import NotAcceptedReason, RepairProcess


class RepairFlow(CaseFlow):
    process_class = RepairProcess
    process_title = _("Credit repair")
    process_description = _(
        "A department applies to repair a dishonesty record of its subject; whoever made the "
        "finding reviews, the credit office decides."
    )

    start = flow.StartHandle(this.start_case).Next(this.accept)

    accept = (
        CaseStep(
            step="accept",
            role=Role.REVIEWER,
            department=assignment.credit_office,
            actions=[
                steps.accept_action(),
                steps.request_material_action(effects=services.repair_material_requested),
                steps.not_accept_action(
                    reasons=NotAcceptedReason, effects=services.repair_not_accepted
                ),
            ],
        )
        .Annotation(title=_("Accept"))
        .Next(this.is_accepted)
    )

    is_accepted = (
        flow.If(this.was_accepted)
        .Annotation(title=_("Accepted?"))
        .Then(this.review)
        .Else(this.not_accepted)
    )

    review = (
        CaseStep(
            step="review",
            role=Role.VERIFIER,
            department=services.repair_reviewing_department,
            actions=[
                StepAction(
                    "recommend_repair",
                    _("Recommend repair"),
                    forms.ReasonsForm,
                    services.repair_recommend_repair,
                ),
                StepAction(
                    "recommend_refusal",
                    _("Recommend refusal"),
                    forms.ReasonsForm,
                    services.repair_recommend_refusal,
                ),
            ],
        )
        .Annotation(title=_("Review"))
        .Next(this.sign)
    )

    sign = (
        CaseStep(
            step="sign",
            role=Role.APPROVER,
            department=assignment.credit_office,
            actions=[
                StepAction(
                    "approve",
                    _("Approve the repair and sign"),
                    forms.ApproveForm,
                    services.repair_approve,
                ),
                StepAction(
                    "refuse", _("Refuse the repair"), forms.ReasonsForm, services.repair_refuse
                ),
                steps.return_action(
                    transition="return_to_review",
                    label=_("Return to the providing department"),
                    effects=services.repair_returned,
                ),
            ],
        )
        .Annotation(title=_("Sign"))
        .Next(this.is_signed)
    )

    is_signed = (
        flow.If(this.was_signed).Annotation(title=_("Signed?")).Then(this.decided).Else(this.review)
    )

    decided = flow.End().Annotation(title=_("Decided"))
    not_accepted = flow.End().Annotation(title=_("Not accepted"))

    def was_accepted(self, activation) -> bool:
        return services.repair_is_accepted(self.case_of(activation))

    def was_signed(self, activation) -> bool:
        return services.repair_is_signed(self.case_of(activation))
