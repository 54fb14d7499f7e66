"""The fault-tolerance determination (容错纠错认定) as a BPMN flow: apply → preliminary review →
investigate → joint consultation → determine → publicity (an objection sends it back to the
investigation; the period's end closes the case). Logic lives in services."""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from workflows.casework import assignment
from workflows.casework.flows import CaseFlow
from workflows.casework.nodes import CaseStep, JointStep, Participant, PeriodStep, StepAction
from workflows.organization.roles import Role

from . import forms, services
from .models import ToleranceProcess


class ToleranceFlow(CaseFlow):
    process_class = ToleranceProcess
    process_title = _("Fault-tolerance determination")
    process_description = _(
        "A department applies for tolerance of a failure in good faith; the inspector "
        "investigates, the credit office consults, determines and publicizes."
    )

    start = flow.StartHandle(this.start_case).Next(this.preliminary_review)

    preliminary_review = (
        CaseStep(
            step="preliminary_review",
            role=Role.APPROVER,
            department=assignment.filing_department,
            actions=[
                StepAction("forward", _("Forward"), forms.ForwardForm, services.tolerance_forward),
                StepAction("decline", _("Decline"), forms.DeclineForm, services.tolerance_decline),
            ],
        )
        .Annotation(title=_("Preliminary review"))
        .Next(this.is_forwarded)
    )

    is_forwarded = (
        flow.If(this.was_forwarded)
        .Annotation(title=_("Forwarded?"))
        .Then(this.investigate)
        .Else(this.declined)
    )

    investigate = (
        CaseStep(
            step="investigate",
            role=Role.INSPECTOR,
            department=services.inspection_department,
            actions=[
                StepAction(
                    "report",
                    _("Report the findings"),
                    forms.ReportForm,
                    services.tolerance_report,
                )
            ],
        )
        .Annotation(title=_("Investigate"))
        .Next(this.consult)
    )

    consult = (
        JointStep(
            step="consult",
            participants=this.consultants,
            actions=[
                StepAction(
                    "opinion",
                    _("Record your opinion"),
                    forms.OpinionForm,
                    services.tolerance_opinion,
                )
            ],
        )
        .Annotation(title=_("Joint consultation"))
        .Next(this.consulted)
    )

    consulted = flow.Function(this.consultation_closed).Next(this.determine)

    determine = (
        CaseStep(
            step="determine",
            role=Role.APPROVER,
            department=assignment.credit_office,
            actions=[
                StepAction(
                    "determine",
                    _("Determine"),
                    forms.DetermineForm,
                    services.tolerance_determine,
                )
            ],
        )
        .Annotation(title=_("Determine"))
        .Next(this.publicize)
    )

    # the publicity period: the credit office's reviewers hold it; the applying department's
    # filers may object too (extra role; they see the case as its filing department)
    publicize = (
        PeriodStep(
            step="publicize",
            role=Role.REVIEWER,
            department=assignment.credit_office,
            actions=[
                StepAction(
                    "object",
                    _("Object"),
                    forms.ObjectForm,
                    services.tolerance_object,
                    extra_roles=(Role.FILER,),
                )
            ],
            on_expiry=this.close,
        )
        .Annotation(title=_("Publicity"))
        .Next(this.investigate)
    )

    close = flow.Function(this.publicity_ended).Next(this.determined)

    determined = flow.End().Annotation(title=_("Determined"))
    declined = flow.End().Annotation(title=_("Declined"))

    def was_forwarded(self, activation) -> bool:
        return services.tolerance_was_forwarded(self.case_of(activation))

    def consultants(self, activation):
        return [
            Participant(Role.REVIEWER, assignment.credit_office),
            Participant(Role.INSPECTOR, services.inspection_department),
            Participant(Role.APPROVER, assignment.credit_office),
        ]

    def consultation_closed(self, activation):
        services.tolerance_consulted(self.case_of(activation))

    def publicity_ended(self, activation):
        services.tolerance_publicity_ended(self.case_of(activation))

    def may_withdraw(self, *, user, case) -> bool:
        return services.tolerance_may_withdraw(user=user, case=case)
