"""Credit repair (信用修复): its fields and its legal state (domain.md §6.4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition
from viewflow.workflow.models import Process

from workflows.casework.models import Case


class RepairState(models.TextChoices):
    FILED = "filed", _("Filed, awaiting acceptance")
    REVIEWING = "reviewing", _("Accepted, the provider is reviewing")
    SIGNING = "signing", _("Reviewed, awaiting signature")
    REPAIRED = "repaired", _("Repaired")
    REFUSED = "refused", _("Repair refused")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATES = [RepairState.FILED, RepairState.REVIEWING, RepairState.SIGNING]


class NotAcceptedReason(models.TextChoices):
    NOT_ELIGIBLE_YET = "not_eligible_yet", _("Not eligible yet")
    NOT_REPAIRABLE = "not_repairable", _("The record cannot be repaired")
    NOT_SUBJECT = "not_subject", _("The applicant is not the record's subject")
    OTHER = "other", _("Other")


class Recommendation(models.TextChoices):
    REPAIR = "recommend_repair", _("Recommend repair")
    REFUSAL = "recommend_refusal", _("Recommend refusal")


class RepairOutcome(models.TextChoices):
    REPAIRED = "repaired", _("Repaired")
    REFUSED = "refused", _("Refused")


class Repair(Case):
    case_kind = "repair"
    state_choices = RepairState.choices

    performance_evidence = models.TextField(_("performance of obligations"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    # the signed commitment letter uploaded at filing (an attachment of the case)
    commitment = models.ForeignKey(
        "casework.Attachment",
        verbose_name=_("signed commitment letter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    missing_material = models.TextField(_("missing material requested"), blank=True)
    not_accepted_reason = models.CharField(
        _("reason for not accepting"), max_length=20, choices=NotAcceptedReason.choices, blank=True
    )
    not_accepted_comment = models.TextField(_("comment"), blank=True)
    # with not_eligible_yet: the first day an application can succeed
    earliest_on = models.DateField(_("eligible from"), null=True, blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    review_reasons = models.TextField(_("reasons of the recommendation"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=RepairOutcome.choices, blank=True
    )
    reasons = models.TextField(_("reasons"), blank=True)
    return_comment = models.TextField(_("returned with comment"), blank=True)

    class Meta:
        verbose_name = _("credit repair")
        verbose_name_plural = _("credit repairs")

    # Transitions change fields only; services call them inside the step's transaction.

    @transition(field="state", source=RepairState.FILED, target=RepairState.REVIEWING)
    def accept(self) -> None:
        """The credit office accepts the application."""

    @transition(field="state", source=RepairState.FILED, target=RepairState.NOT_ACCEPTED)
    def refuse_acceptance(self) -> None:
        """The application is not accepted (不予受理)."""

    @transition(field="state", source=RepairState.REVIEWING, target=RepairState.SIGNING)
    def recommend(self) -> None:
        """The providing department recommended repair or refusal."""

    @transition(field="state", source=RepairState.SIGNING, target=RepairState.REVIEWING)
    def return_to_review(self) -> None:
        """The approver sent the case back to the providing department."""

    @transition(field="state", source=RepairState.SIGNING, target=RepairState.REPAIRED)
    def approve(self) -> None:
        """The approver signed the repair decision."""

    @transition(field="state", source=RepairState.SIGNING, target=RepairState.REFUSED)
    def refuse(self) -> None:
        """The approver refused the repair."""

    @transition(field="state", source=OPEN_STATES, target=RepairState.WITHDRAWN)
    def withdraw(self) -> None:
        """The filing department withdrew before signing."""


# the repair's own fields in the API's case shape
API_FIELDS = (
    "performance_evidence",
    "contact_phone",
    "commitment_id",
    "missing_material",
    "not_accepted_reason",
    "not_accepted_comment",
    "earliest_on",
    "recommendation",
    "review_reasons",
    "outcome",
    "reasons",
    "return_comment",
)


class RepairProcess(Process):
    """Viewflow's process row of a repair."""

    class Meta:
        proxy = True
        verbose_name = _("repair process")
        verbose_name_plural = _("repair processes")
