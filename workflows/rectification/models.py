"""Rectification (限期整改): a body with a dishonesty record explains the causes in writing and
rectifies by a deadline set for the case; its legal state and what the overdue handling decided."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition
from viewflow.workflow.models import Process

from workflows.casework.models import Case


class RectificationState(models.TextChoices):
    EXPLAINING = "explaining", _("Notice issued, awaiting the written explanation")
    RECTIFYING = "rectifying", _("Rectifying by the deadline")
    VERIFYING = "verifying", _("Report submitted, the credit office is verifying")
    ACCEPTED = "accepted", _("Rectification accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATES = [
    RectificationState.EXPLAINING,
    RectificationState.RECTIFYING,
    RectificationState.VERIFYING,
]


class ExtensionDecision(models.TextChoices):
    GRANTED = "granted", _("Extension granted")
    REFUSED = "refused", _("Extension refused")


class Rectification(Case):
    case_kind = "rectification"
    state_choices = RectificationState.choices

    required_measures = models.TextField(_("required measures"))
    deadline_days = models.PositiveIntegerField(_("deadline (working days)"))
    # computed once at issue; an extension moves it; a rejected report keeps it
    deadline_on = models.DateField(_("rectification deadline"))
    original_deadline_on = models.DateField(_("deadline as first set"))
    causes = models.TextField(_("written explanation of the causes"), blank=True)
    measures_taken = models.TextField(_("measures taken"), blank=True)
    extension_reason = models.TextField(_("extension requested because"), blank=True)
    extension_days = models.PositiveIntegerField(_("extension requested (working days)"), default=0)
    extension_decision = models.CharField(
        _("extension decision"), max_length=10, choices=ExtensionDecision.choices, blank=True
    )
    extension_comment = models.TextField(_("extension decision comment"), blank=True)
    rejection_reasons = models.TextField(_("report rejected because"), blank=True)
    # what the overdue handling decided
    overdue_handled = models.BooleanField(_("overdue handled"), default=False)
    notified_publicly = models.BooleanField(_("publicly notified"), default=False)
    ban_months = models.PositiveIntegerField(_("honours ban (months)"), default=0)
    responsible_person = models.CharField(
        _("principal responsible person referred"), max_length=100, blank=True
    )
    accountability_findings = models.TextField(_("accountability findings"), blank=True)

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")

    @transition(
        field="state", source=RectificationState.EXPLAINING, target=RectificationState.RECTIFYING
    )
    def explain(self) -> None:
        """The subject's department explained the causes in writing."""

    @transition(
        field="state", source=RectificationState.RECTIFYING, target=RectificationState.VERIFYING
    )
    def submit_report(self) -> None:
        """The subject's department reported the measures taken."""

    @transition(
        field="state", source=RectificationState.VERIFYING, target=RectificationState.RECTIFYING
    )
    def reject(self) -> None:
        """The credit office found the rectification insufficient: back to rectify."""

    @transition(
        field="state", source=RectificationState.VERIFYING, target=RectificationState.ACCEPTED
    )
    def accept_rectification(self) -> None:
        """The credit office accepted the rectification."""

    @transition(field="state", source=OPEN_STATES, target=RectificationState.WITHDRAWN)
    def withdraw(self) -> None:
        """The credit office withdrew the notice before acceptance."""


# the rectification's own fields in the API's case shape (api.md "Cases")
API_FIELDS = (
    "required_measures",
    "deadline_days",
    "deadline_on",
    "original_deadline_on",
    "causes",
    "measures_taken",
    "extension_reason",
    "extension_days",
    "extension_decision",
    "extension_comment",
    "rejection_reasons",
    "overdue_handled",
    "notified_publicly",
    "ban_months",
    "responsible_person",
    "accountability_findings",
)


class RectificationProcess(Process):
    """Viewflow's process row of a rectification; routing questions read the case."""

    class Meta:
        proxy = True
        verbose_name = _("rectification process")
        verbose_name_plural = _("rectification processes")
