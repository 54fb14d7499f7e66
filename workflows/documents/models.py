"""Issued documents (rendered once, stored byte for byte) and their gap-free numbering."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentSequence(models.Model):
    """The last serial taken for one issuer code in one year; locked while a number is taken."""

    issuer_code = models.CharField(_("issuer code"), max_length=40)
    year = models.PositiveIntegerField(_("year"))
    last_serial = models.PositiveIntegerField(_("last serial"), default=0)

    class Meta:
        verbose_name = _("document sequence")
        verbose_name_plural = _("document sequences")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_code", "year"], name="documents_sequence_issuer_year_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer_code}〔{self.year}〕{self.last_serial}"


class Document(models.Model):
    """A generated PDF: numbered, rendered once, then served byte-identical ever after."""

    # a plain id: casework builds on this app, so this app cannot point back at it
    case_id = models.BigIntegerField(_("case id"), db_index=True)
    case_number = models.CharField(_("case number"), max_length=40, blank=True)
    doc_type = models.SlugField(_("document type"), max_length=50)
    title = models.CharField(_("title"), max_length=100)
    issuer_code = models.CharField(_("issuer code"), max_length=40)
    issuer_name = models.CharField(_("issuing authority"), max_length=200)
    year = models.PositiveIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial"))
    number = models.CharField(_("document number"), max_length=80, unique=True)
    outcome = models.SlugField(_("outcome"), max_length=50, blank=True)
    # as printed on the document, so the public page shows what the paper says
    outcome_label = models.CharField(_("outcome label"), max_length=100, blank=True)
    subject_name = models.CharField(_("subject name"), max_length=200, blank=True)
    # bytes in the database: they commit or roll back with the decision itself
    pdf = models.BinaryField(_("PDF"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    verify_code = models.CharField(_("verification code"), max_length=32, unique=True)
    issued_at = models.DateTimeField(_("issued at"))
    # the exact clause texts printed, kept here so a later edit of the library changes nothing issued
    basis_clause = models.ForeignKey(
        "Clause",
        verbose_name=_("legal basis clause"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    basis_text = models.TextField(_("legal basis as printed"), blank=True)
    remedy_clause = models.ForeignKey(
        "Clause",
        verbose_name=_("remedy clause"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    remedy_text = models.TextField(_("remedy as printed"), blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_code", "year", "serial"],
                name="documents_document_issuer_year_serial_unique",
            )
        ]

    def __str__(self) -> str:
        return self.number


class DocumentType(models.TextChoices):
    """Every kind of document the processes issue; the key of numbering, clauses and templates."""

    APPEAL_DECISION = "appeal_decision", _("Objection decision")
    APPEAL_NOT_ACCEPTED = "appeal_not_accepted", _("Notice of non-acceptance")
    RECTIFICATION_NOTICE = "rectification_notice", _("Rectification notice")
    RECTIFICATION_ACCEPTANCE = "rectification_acceptance", _("Rectification acceptance opinion")
    PUBLIC_NOTIFICATION = "public_notification", _("Public notification")
    TOLERANCE_DECISION = "tolerance_decision", _("Fault-tolerance determination decision")
    REPAIR_DECISION = "repair_decision", _("Credit repair decision")
    REPAIR_REFUSAL = "repair_refusal", _("Credit repair refusal")


class ClauseKind(models.TextChoices):
    BASIS = "basis", _("Legal basis")
    REMEDY = "remedy", _("Remedy")


class ClauseSubjectKind(models.TextChoices):
    # the values of records.SubjectKind, plus "any" for a clause that does not depend on it
    ANY = "", _("Any subject")
    BODY = "body", _("Government body")
    PERSON = "person", _("Civil servant")


class Clause(models.Model):
    """One version of a legal-basis or remedy clause; a new text is a new row, the old one is kept."""

    doc_type = models.CharField(_("document type"), max_length=50, choices=DocumentType.choices)
    kind = models.CharField(_("clause kind"), max_length=10, choices=ClauseKind.choices)
    subject_kind = models.CharField(
        _("subject kind"),
        max_length=10,
        choices=ClauseSubjectKind.choices,
        blank=True,
        help_text=_("Leave empty for a clause that applies to every subject."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    text = models.TextField(_("text"))
    # only the current version is handed to new documents; older ones stay for the documents that used them
    is_current = models.BooleanField(_("current"), default=True)
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("Why this version: what was checked, against which official text."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clause library")
        ordering = ["doc_type", "kind", "subject_kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "kind", "subject_kind", "version"],
                name="documents_clause_version_unique",
            ),
            models.UniqueConstraint(
                fields=["doc_type", "kind", "subject_kind"],
                condition=models.Q(is_current=True),
                name="documents_clause_one_current",
            ),
        ]

    def __str__(self) -> str:
        who = self.get_subject_kind_display()
        return (
            f"{self.get_doc_type_display()} · {self.get_kind_display()} · {who} · v{self.version}"
        )
