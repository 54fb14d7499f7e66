"""Rectification (限期整改) as a BPMN flow: who does what, by when. Logic lives in services."""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from workflows.casework import assignment
from workflows.casework.flows import CaseFlow
from workflows.casework.nodes import CaseStep, StepAction
from workflows.organization.roles import Role

from . import forms, services
from .models import RectificationProcess


class RectificationFlow(CaseFlow):
    process_class = RectificationProcess
    process_title = _("Rectification")
    process_description = _(
        "A body with a dishonesty record explains the causes and rectifies by a deadline."
    )

    start = flow.StartHandle(this.start_case).Next(this.explain)

    explain = (
        CaseStep(
            step="explain",
            role=Role.FILER,
            department=services.subject_department,
            actions=[
                StepAction(
                    "submit",
                    _("Submit the written explanation"),
                    forms.ExplainForm,
                    services.rectification_explain,
                    comment_fields=("causes",),
                )
            ],
        )
        .Annotation(title=_("Explain the causes"))
        .Next(this.rectify)
    )

    rectify = (
        CaseStep(
            step="rectify",
            role=Role.FILER,
            department=services.subject_department,
            deadline=this.rectify_deadline,
            actions=[
                StepAction(
                    "submit_report",
                    _("Submit the rectification report"),
                    forms.ReportForm,
                    services.rectification_submit_report,
                    comment_fields=("measures_taken",),
                ),
                StepAction(
                    "request_extension",
                    _("Request an extension"),
                    forms.ExtensionRequestForm,
                    services.rectification_request_extension,
                    completes_task=False,
                    comment_fields=("reason",),
                ),
            ],
        )
        .Annotation(title=_("Rectify"))
        .OnDeadline(this.is_first_overdue, title=_("Deadline passed"))
        .Next(this.verify)
    )

    verify = (
        CaseStep(
            step="verify",
            role=Role.REVIEWER,
            department=assignment.credit_office,
            actions=[
                StepAction(
                    "accept_rectification",
                    _("Accept the rectification"),
                    forms.AcceptForm,
                    services.rectification_accept,
                ),
                StepAction(
                    "reject",
                    _("Reject: rectify further"),
                    forms.RejectForm,
                    services.rectification_reject,
                ),
            ],
        )
        .Annotation(title=_("Verify"))
        .Next(this.is_accepted)
    )

    is_accepted = (
        flow.If(this.was_accepted)
        .Annotation(title=_("Accepted?"))
        .Then(this.accepted)
        .Else(this.rectify)
    )

    accepted = flow.End().Annotation(title=_("Accepted"))

    # a side path while rectify runs on: the credit office's approver decides an extension
    review_extension = (
        CaseStep(
            step="review_extension",
            role=Role.APPROVER,
            department=assignment.credit_office,
            actions=[
                StepAction(
                    "grant",
                    _("Grant the extension"),
                    forms.ExtensionDecisionForm,
                    services.rectification_grant_extension,
                ),
                StepAction(
                    "refuse",
                    _("Refuse the extension"),
                    forms.ExtensionDecisionForm,
                    services.rectification_refuse_extension,
                ),
            ],
        )
        .Annotation(title=_("Review the extension"))
        .Next(this.extension_decided)
    )

    extension_decided = flow.End().Annotation(title=_("Extension decided"))

    # the deadline passed with rectify still open (it stays open: a late report still counts)
    is_first_overdue = (
        flow.If(this.overdue_not_yet_handled)
        .Annotation(title=_("First time overdue?"))
        .Then(this.handle_overdue)
        .Else(this.overdue_again)
    )

    handle_overdue = (
        CaseStep(
            step="handle_overdue",
            role=Role.SUPERVISOR,
            department=assignment.credit_office,
            actions=[
                StepAction(
                    "handle",
                    _("Decide the measures"),
                    forms.HandleOverdueForm,
                    services.rectification_handle_overdue,
                    comment_fields=("comment", "responsible_person"),
                )
            ],
        )
        .Annotation(title=_("Handle the missed deadline"))
        .Next(this.is_referred)
    )

    is_referred = (
        flow.If(this.was_referred)
        .Annotation(title=_("Referred for accountability?"))
        .Then(this.accountability)
        .Else(this.overdue_handled)
    )

    accountability = (
        CaseStep(
            step="accountability",
            role=Role.INSPECTOR,
            department=services.inspection_department,
            actions=[
                StepAction(
                    "report",
                    _("Report the accountability outcome"),
                    forms.AccountabilityForm,
                    services.rectification_accountability,
                    comment_fields=("findings",),
                )
            ],
        )
        .Annotation(title=_("Hold the responsible person to account"))
        .Next(this.overdue_handled)
    )

    overdue_handled = flow.End().Annotation(title=_("Overdue handled"))
    overdue_again = flow.End().Annotation(title=_("Already handled"))

    def rectify_deadline(self, case):
        return services.rectify_deadline(case)

    def was_accepted(self, activation) -> bool:
        return services.is_accepted(self.case_of(activation))

    def overdue_not_yet_handled(self, activation) -> bool:
        return services.overdue_not_yet_handled(self.case_of(activation))

    def was_referred(self, activation) -> bool:
        return services.was_referred(self.case_of(activation))

    def may_withdraw(self, *, user, case) -> bool:
        return services.rectification_may_withdraw(user=user, case=case)
