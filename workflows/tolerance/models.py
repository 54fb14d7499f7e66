"""The fault-tolerance determination (容错纠错认定, domain.md §6.3): its fields and legal state."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition
from viewflow.workflow.models import Process

from workflows.casework.models import Case


class ToleranceState(models.TextChoices):
    FILED = "filed", _("Applied, awaiting preliminary review")
    INVESTIGATING = "investigating", _("Forwarded, the inspector is investigating")
    CONSULTING = "consulting", _("Investigated, under joint consultation")
    DETERMINING = "determining", _("Consulted, awaiting the determination")
    PUBLICIZING = "publicizing", _("Determined, in its publicity period")
    DETERMINED = "determined", _("Determined")
    DECLINED = "declined", _("Declined at preliminary review")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# before a determination is publicized the applying department may withdraw
WITHDRAWABLE = [
    ToleranceState.FILED,
    ToleranceState.INVESTIGATING,
    ToleranceState.CONSULTING,
    ToleranceState.DETERMINING,
]


class Condition(models.TextChoices):
    """The conditions of tolerance the applicant claims (Jiangsu 2017 implementing opinions)."""

    PUBLIC_INTEREST = "public_interest", _("Acted in the public interest")
    NO_PRIVATE_GAIN = "no_private_gain", _("No private gain")
    DUE_PROCEDURE = "due_procedure", _("Decided by the required collective procedure or reported")
    PIONEERING = "pioneering", _("No precedent, or a pilot")
    HARM_REMEDIED = "harm_remedied", _("Loss recovered or harm stopped on its own initiative")
    FIRST_OCCURRENCE = "first_occurrence", _("First occurrence, no repeat")


class Finding(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    PARTLY = "partly", _("Partly met")


class Outcome(models.TextChoices):
    EXEMPT = "exempt", _("Exempt")
    LIGHTER = "lighter", _("Lighter handling")
    REDUCED = "reduced", _("Reduced handling")
    NOT_TOLERATED = "not_tolerated", _("Not tolerated")


class ToleranceCase(Case):
    state_choices = ToleranceState.choices

    matter = models.TextField(_("accountability matter"))
    conditions = models.JSONField(_("conditions claimed"), default=list)
    statement = models.TextField(_("statement"))
    learned_on = models.DateField(_("learned of the matter on"))
    # a late application (more than 15 days after learned_on) must say why
    late_reason = models.TextField(_("reason for the late application"), blank=True)
    preliminary_opinion = models.TextField(_("preliminary review opinion"), blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    # per claimed condition: its finding (met, not_met or partly) and the evidence
    findings = models.JSONField(_("investigation findings"), default=dict, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    objection = models.TextField(_("last objection during publicity"), blank=True)
    # how many times the determination was made (an objection sends the case back)
    rounds = models.PositiveSmallIntegerField(_("determinations made"), default=0)
    effects = models.TextField(_("effects on the record"), blank=True)

    class Meta:
        verbose_name = _("fault-tolerance determination")
        verbose_name_plural = _("fault-tolerance determinations")

    # Transitions change fields only; services call them inside the step's transaction.

    @transition(field="state", source=ToleranceState.FILED, target=ToleranceState.INVESTIGATING)
    def forward(self) -> None:
        """The applying department's leader forwards the application (accepted)."""

    @transition(field="state", source=ToleranceState.FILED, target=ToleranceState.DECLINED)
    def decline(self) -> None:
        """The applying department's leader declines to forward it."""

    @transition(
        field="state", source=ToleranceState.INVESTIGATING, target=ToleranceState.CONSULTING
    )
    def report(self) -> None:
        """The inspector reports a finding per claimed condition."""

    @transition(field="state", source=ToleranceState.CONSULTING, target=ToleranceState.DETERMINING)
    def consulted(self) -> None:
        """The joint consultation closed."""

    @transition(field="state", source=ToleranceState.DETERMINING, target=ToleranceState.PUBLICIZING)
    def determine(self) -> None:
        """The credit office's leader determines the outcome; its publicity begins."""

    @transition(
        field="state", source=ToleranceState.PUBLICIZING, target=ToleranceState.INVESTIGATING
    )
    def reopen(self) -> None:
        """An objection during publicity: back to the investigation."""

    @transition(field="state", source=ToleranceState.PUBLICIZING, target=ToleranceState.DETERMINED)
    def publicity_end(self) -> None:
        """The publicity period ended without objection: the determination stands."""

    @transition(field="state", source=WITHDRAWABLE, target=ToleranceState.WITHDRAWN)
    def withdraw(self) -> None:
        """The applying department withdrew before the determination was publicized."""


# the kind's own fields in the API's case shape (api.md "Cases")
API_FIELDS = (
    "matter",
    "conditions",
    "statement",
    "learned_on",
    "late_reason",
    "preliminary_opinion",
    "decline_reason",
    "findings",
    "outcome",
    "reasons",
    "objection",
    "rounds",
    "effects",
)


class ToleranceProcess(Process):
    """Viewflow's process row of a fault-tolerance determination."""

    class Meta:
        proxy = True
        verbose_name = _("fault-tolerance process")
        verbose_name_plural = _("fault-tolerance processes")
