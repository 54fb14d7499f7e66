"""The credit-record registry: subjects, credit records with their legal state, and record history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from workflows.organization.uscc import validate_uscc

SUBJECT_BODY_NEEDS_USCC = _("A government body needs its unified social credit code.")
RECORD_PUBLICITY_END_BEFORE_START = _("The publicity end cannot be before its start.")
RECORD_PUBLICITY_BEFORE_OCCURRENCE = _("Publicity cannot start before the record occurred.")
POLICY_MIN_ABOVE_MAX = _("The minimum period cannot be longer than the maximum.")
POLICY_REPAIR_AFTER_MAX = _("Repair cannot wait longer than the maximum publicity period.")
POLICY_DEFAULT_OUTSIDE = _("The default period must lie between the minimum and the maximum.")
RECORD_DISHONESTY_NEEDS_SEVERITY = _("A dishonesty record needs its degree of dishonesty.")
RECORD_COMMENDATION_HAS_NO_SEVERITY = _("A commendation has no degree of dishonesty.")
RECORD_SANCTION_NEEDS_DISCIPLINE = _(
    "A sanction goes only with a dishonesty record of a civil servant from a disciplinary sanction."
)


class SubjectKind(models.TextChoices):
    BODY = "body", _("Government body")
    PERSON = "person", _("Civil servant")


class Subject(models.Model):
    """Whom a credit record is about: a government body or a civil servant."""

    kind = models.CharField(_("kind"), max_length=10, choices=SubjectKind.choices)
    name = models.CharField(_("name"), max_length=200)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_uscc],
        help_text=_("Required for government bodies."),
    )
    # printed as the party on documents (GB/T 9704 elements, domain.md §7): 住所 and 负责人
    address = models.CharField(_("address"), max_length=200, blank=True)
    person_in_charge = models.CharField(
        _("person in charge"),
        max_length=50,
        blank=True,
        help_text=_("For a government body: its principal responsible person."),
    )
    # the department the subject belongs to: it files for the subject and sees its records
    department = models.ForeignKey(
        "organization.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="subjects",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"], condition=~models.Q(uscc=""), name="subject_uscc_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == SubjectKind.BODY and not self.uscc:
            raise ValidationError({"uscc": SUBJECT_BODY_NEEDS_USCC})


class Category(models.TextChoices):
    DISHONESTY = "dishonesty", _("Dishonesty record")
    COMMENDATION = "commendation", _("Commendation")


class Severity(models.TextChoices):
    # the three classes of 国办发〔2025〕22号 and NDRC Order 36; commendations have none
    MINOR = "minor", _("Minor")
    GENERAL = "general", _("General")
    SERIOUS = "serious", _("Serious")


class Sanction(models.TextChoices):
    # 政务处分法 art. 7; art. 8 fixes each one's period (SANCTION_MONTHS); dismissal has none
    WARNING = "warning", _("Warning")
    DEMERIT = "demerit", _("Demerit")
    MAJOR_DEMERIT = "major_demerit", _("Major demerit")
    DEMOTION = "demotion", _("Demotion")
    REMOVAL = "removal", _("Removal from post")
    DISMISSAL = "dismissal", _("Dismissal")


# 政务处分法 art. 8: the period of each sanction, in months (statutory, not policy)
SANCTION_MONTHS: dict[str, int] = {
    Sanction.WARNING: 6,
    Sanction.DEMERIT: 12,
    Sanction.MAJOR_DEMERIT: 18,
    Sanction.DEMOTION: 24,
    Sanction.REMOVAL: 24,
}


class Source(models.TextChoices):
    JUDGMENT = "judgment", _("Court judgment")
    PENALTY = "penalty", _("Administrative penalty")
    DISCIPLINE = "discipline", _("Disciplinary sanction")
    ACCOUNTABILITY = "accountability", _("Accountability finding")
    OTHER = "other", _("Other")


class RecordState(models.TextChoices):
    ACTIVE = "active", _("Active")
    # under objection: shown publicly with the mark 异议处理中, cannot be repaired
    DISPUTED = "disputed", _("Under objection")
    # amended on appeal; the amended content lives on as a new active version
    CORRECTED = "corrected", _("Corrected")
    REVOKED = "revoked", _("Revoked")
    REPAIRED = "repaired", _("Repaired")
    EXPIRED = "expired", _("Expired")


class CreditRecord(ConcurrentTransitionMixin, models.Model):
    subject = models.ForeignKey(
        Subject, verbose_name=_("subject"), on_delete=models.PROTECT, related_name="records"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    severity = models.CharField(
        _("degree of dishonesty"), max_length=10, choices=Severity.choices, blank=True
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    # the sanction of a civil servant the record comes from: its statutory period is the publicity
    sanction = models.CharField(_("sanction"), max_length=20, choices=Sanction.choices, blank=True)
    summary = models.TextField(_("summary"))
    document_number = models.CharField(_("deciding document number"), max_length=100, blank=True)
    occurred_on = models.DateField(_("occurred on"))
    provider = models.ForeignKey(
        "organization.Department",
        verbose_name=_("providing department"),
        on_delete=models.PROTECT,
        related_name="provided_records",
    )
    publicity_start = models.DateField(_("publicity start"))
    publicity_end = models.DateField(_("publicity end"), null=True, blank=True)
    # minor records are in principle not published (国办发〔2025〕22号)
    is_published = models.BooleanField(_("published"), default=True)
    # some laws forbid repairing a kind of record
    is_repairable = models.BooleanField(_("repairable"), default=True)
    obligations_met = models.BooleanField(_("obligations met"), default=False)
    # kept visible after an appeal decided "dispute recorded"
    dispute_note = models.TextField(_("objection note"), blank=True)
    previous_version = models.OneToOneField(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
    )
    state = FSMField(
        _("state"),
        max_length=20,
        choices=RecordState.choices,
        default=RecordState.ACTIVE,
        protected=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("credit record")
        verbose_name_plural = _("credit records")
        ordering = ["-id"]
        indexes = [models.Index(fields=["state", "category"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject} — {self.get_severity_display()}"

    def clean(self) -> None:
        errors = {}
        if self.category == Category.DISHONESTY and not self.severity:
            errors["severity"] = RECORD_DISHONESTY_NEEDS_SEVERITY
        if self.category == Category.COMMENDATION and self.severity:
            errors["severity"] = RECORD_COMMENDATION_HAS_NO_SEVERITY
        if self.sanction and (
            self.category != Category.DISHONESTY
            or self.source != Source.DISCIPLINE
            or (self.subject_id and self.subject.kind != SubjectKind.PERSON)
        ):
            errors["sanction"] = RECORD_SANCTION_NEEDS_DISCIPLINE
        if self.publicity_start and self.occurred_on and self.publicity_start < self.occurred_on:
            errors["publicity_start"] = RECORD_PUBLICITY_BEFORE_OCCURRENCE
        if (
            self.publicity_start
            and self.publicity_end
            and self.publicity_end < self.publicity_start
        ):
            errors["publicity_end"] = RECORD_PUBLICITY_END_BEFORE_START
        if errors:
            raise ValidationError(errors)

    # Transitions change fields only; services call them and write the history row.

    @transition(field=state, source=RecordState.ACTIVE, target=RecordState.DISPUTED)
    def mark_disputed(self) -> None:
        """An objection appeal was filed."""

    @transition(field=state, source=RecordState.DISPUTED, target=RecordState.ACTIVE)
    def clear_dispute(self) -> None:
        """The appeal was not accepted, dismissed or withdrawn."""

    @transition(field=state, source=RecordState.DISPUTED, target=RecordState.CORRECTED)
    def correct(self) -> None:
        """The appeal was upheld: the content is amended in a new version."""

    @transition(
        field=state,
        source=[RecordState.ACTIVE, RecordState.DISPUTED],
        target=RecordState.REVOKED,
    )
    def revoke(self) -> None:
        """The record should not exist (appeal upheld, or tolerance granted)."""

    @transition(field=state, source=RecordState.ACTIVE, target=RecordState.REPAIRED)
    def repair(self) -> None:
        """Credit repair approved: publicity ends."""

    @transition(field=state, source=RecordState.ACTIVE, target=RecordState.EXPIRED)
    def expire(self) -> None:
        """The maximum publicity period has run and obligations are met."""


class RecordEvent(models.Model):
    """One row per change of a record's state: who, when, why and which case."""

    record = models.ForeignKey(
        CreditRecord, verbose_name=_("record"), on_delete=models.PROTECT, related_name="events"
    )
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,  # none: the system (expiry, import without a user)
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # the case that caused it; an id, because casework builds on records, not the reverse
    case_id = models.BigIntegerField(_("case"), null=True, blank=True)
    case_number = models.CharField(_("case number"), max_length=30, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("record history entry")
        verbose_name_plural = _("record history")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.from_state} → {self.to_state}"


class PublicityPolicy(models.Model):
    """Publicity periods per severity (policy; basis 国办发〔2025〕22号 and NDRC Order 36)."""

    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, unique=True)
    min_months = models.PositiveSmallIntegerField(_("minimum publicity (months)"))
    max_months = models.PositiveSmallIntegerField(_("maximum publicity (months)"))
    # what a new record gets; 0: not published (minor records, in principle)
    default_months = models.PositiveSmallIntegerField(_("default publicity (months)"), default=0)
    # 0: repair as soon as the obligations are met
    repair_after_months = models.PositiveSmallIntegerField(_("repair possible after (months)"))
    basis = models.CharField(_("basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("publicity policy")
        verbose_name_plural = _("publicity policies")
        ordering = ["max_months"]

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.min_months}–{self.max_months}"

    def clean(self) -> None:
        errors = {}
        if self.min_months is not None and self.max_months is not None:
            if self.min_months > self.max_months:
                errors["min_months"] = POLICY_MIN_ABOVE_MAX
            if self.repair_after_months is not None and self.repair_after_months > self.max_months:
                errors["repair_after_months"] = POLICY_REPAIR_AFTER_MAX
            if self.default_months is not None and not (
                self.min_months <= self.default_months <= self.max_months
            ):
                errors["default_months"] = POLICY_DEFAULT_OUTSIDE
        if errors:
            raise ValidationError(errors)


class HonoursBan(models.Model):
    """A dated fact on a subject: it may not be proposed for honours (评优评先) from `starts_on`
    to `ends_on` inclusive (the city's opinions 二(五): a body that does not rectify in time)."""

    subject = models.ForeignKey(
        Subject, verbose_name=_("subject"), on_delete=models.PROTECT, related_name="honours_bans"
    )
    starts_on = models.DateField(_("banned from"))
    ends_on = models.DateField(_("banned until"))
    # the case that imposed it; an id, because casework builds on records, not the reverse
    case_id = models.BigIntegerField(_("case"), null=True, blank=True)
    case_number = models.CharField(_("case number"), max_length=30, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    imposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imposed_at = models.DateTimeField(_("imposed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("honours ban")
        verbose_name_plural = _("honours bans")
        ordering = ["-ends_on", "-id"]
        indexes = [models.Index(fields=["subject", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.subject_id}: {self.starts_on} – {self.ends_on}"


class RecordBlock(models.Model):
    """A bar on entering a dishonesty record for one matter of a subject, written by a case that
    decided the matter must not be recorded (e.g. a fault-tolerance exemption, domain.md §6.3).

    Generic on purpose: records never learns which process wrote it. A new record of the subject
    is refused while the block stands (`until` empty, or not yet past) and the record's deciding
    document number, or its summary, names the blocked matter.
    """

    subject = models.ForeignKey(
        Subject, verbose_name=_("subject"), on_delete=models.PROTECT, related_name="blocks"
    )
    matter = models.TextField(_("matter"))
    document_number = models.CharField(_("deciding document number"), max_length=100, blank=True)
    until = models.DateField(_("blocked until"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    case_id = models.BigIntegerField(_("case"), null=True, blank=True)
    case_number = models.CharField(_("case number"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("record block")
        verbose_name_plural = _("record blocks")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.subject}: {self.matter[:40]}"
