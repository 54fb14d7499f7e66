"""The objection appeal (异议申诉): its fields and its legal state."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition
from viewflow.workflow.models import Process

from workflows.casework.models import Case
from workflows.records.models import Severity


class AppealState(models.TextChoices):
    FILED = "filed", _("Filed, awaiting acceptance")
    VERIFYING = "verifying", _("Accepted, the provider is verifying")
    DECIDING = "deciding", _("Verified, the credit office is deciding")
    SIGNING = "signing", _("Drafted, awaiting signature")
    DECIDED = "decided", _("Decided")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATES = [
    AppealState.FILED,
    AppealState.VERIFYING,
    AppealState.DECIDING,
    AppealState.SIGNING,
]


class RequestedOutcome(models.TextChoices):
    CORRECT = "correct", _("Correct the record")
    REVOKE = "revoke", _("Revoke the record")
    OTHER = "other", _("Other")


class NotAcceptedReason(models.TextChoices):
    NOT_SUBJECT = "not_subject", _("The applicant is not the record's subject")
    DUPLICATE = "duplicate", _("The same objection was already handled")
    NOT_PUBLISHED = "not_published", _("The record is not published")
    OUT_OF_SCOPE = "out_of_scope", _("Outside the scope of objection handling")
    OTHER = "other", _("Other")


class VerificationResult(models.TextChoices):
    CONFIRM_ERROR = "confirm_error", _("The record is wrong")
    CONFIRM_CORRECT = "confirm_correct", _("The record is right")
    CANNOT_CONFIRM = "cannot_confirm", _("Cannot confirm")


class ProposedOutcome(models.TextChoices):
    CORRECT = "correct", _("Correct")
    REVOKE = "revoke", _("Revoke")


class AppealOutcome(models.TextChoices):
    CORRECTED = "corrected", _("Corrected")
    REVOKED = "revoked", _("Revoked")
    DISMISSED = "dismissed", _("Dismissed")
    # dismissed, but a note of the objection stays visible on the record
    DISPUTE_RECORDED = "dispute_recorded", _("Dismissed, objection noted")


class Appeal(Case):
    case_kind = "appeal"
    state_choices = AppealState.choices

    grounds = models.TextField(_("grounds"))
    requested_outcome = models.CharField(
        _("requested outcome"), max_length=20, choices=RequestedOutcome.choices
    )
    proposed_correction = models.TextField(_("proposed correction"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    missing_material = models.TextField(_("missing material requested"), blank=True)
    not_accepted_reason = models.CharField(
        _("reason for not accepting"), max_length=20, choices=NotAcceptedReason.choices, blank=True
    )
    not_accepted_comment = models.TextField(_("comment"), blank=True)
    verification = models.CharField(
        _("verification result"), max_length=20, choices=VerificationResult.choices, blank=True
    )
    finding = models.TextField(_("verification finding"), blank=True)
    proposed_outcome = models.CharField(
        _("outcome proposed by the provider"),
        max_length=20,
        choices=ProposedOutcome.choices,
        blank=True,
    )
    verified_correction = models.TextField(_("correction proposed by the provider"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=AppealOutcome.choices, blank=True
    )
    reasons = models.TextField(_("reasons"), blank=True)
    corrected_summary = models.TextField(_("corrected summary"), blank=True)
    # a correction may amend the severity and the publicity end too (domain.md §6.1)
    corrected_severity = models.CharField(
        _("corrected degree of dishonesty"), max_length=10, choices=Severity.choices, blank=True
    )
    corrected_publicity_end = models.DateField(_("corrected publicity end"), null=True, blank=True)
    # why the outcome departs from the verifier's finding; the approver sees it, the decision states it
    override_reasons = models.TextField(
        _("reasons for departing from the verification"), blank=True
    )
    return_comment = models.TextField(_("returned with comment"), blank=True)

    class Meta:
        verbose_name = _("objection appeal")
        verbose_name_plural = _("objection appeals")

    # Transitions change fields only; services call them inside the step's transaction.

    @transition(field="state", source=AppealState.FILED, target=AppealState.VERIFYING)
    def accept(self) -> None:
        """The credit office accepts the objection."""

    @transition(field="state", source=AppealState.FILED, target=AppealState.NOT_ACCEPTED)
    def refuse_acceptance(self) -> None:
        """The objection is not accepted (不予受理)."""

    @transition(field="state", source=AppealState.VERIFYING, target=AppealState.DECIDING)
    def record_verification(self) -> None:
        """The providing department has verified the facts."""

    @transition(field="state", source=AppealState.DECIDING, target=AppealState.SIGNING)
    def draft_decision(self) -> None:
        """The reviewer drafted the decision."""

    @transition(field="state", source=AppealState.SIGNING, target=AppealState.DECIDING)
    def return_draft(self) -> None:
        """The approver sent the draft back."""

    @transition(field="state", source=AppealState.SIGNING, target=AppealState.DECIDED)
    def sign(self) -> None:
        """The leader signed: the decision is issued."""

    @transition(field="state", source=OPEN_STATES, target=AppealState.WITHDRAWN)
    def withdraw(self) -> None:
        """The filing department withdrew before signing."""


# the appeal's own fields in the API's case shape (api.md "Cases")
API_FIELDS = (
    "grounds",
    "requested_outcome",
    "proposed_correction",
    "contact_phone",
    "missing_material",
    "not_accepted_reason",
    "not_accepted_comment",
    "verification",
    "finding",
    "proposed_outcome",
    "verified_correction",
    "outcome",
    "reasons",
    "corrected_summary",
    "corrected_severity",
    "corrected_publicity_end",
    "override_reasons",
    "return_comment",
)


# what the record provider's verifiers and leader see of another department's appeal is what the
# verify step needs (grounds, the correction asked for, the evidence) and their own findings; never
# the filer's contact phone nor the credit office's internal notes and drafts
PRIVATE_FIELDS = frozenset(API_FIELDS) - {
    "grounds",
    "requested_outcome",
    "proposed_correction",
    "verification",
    "finding",
    "proposed_outcome",
    "verified_correction",
}


class AppealProcess(Process):
    """Viewflow's process row of an appeal; routing questions read the case."""

    class Meta:
        proxy = True
        verbose_name = _("appeal process")
        verbose_name_plural = _("appeal processes")

    @property
    def appeal(self) -> Appeal:
        return Appeal.objects.get(process_id=self.pk)
