"""Issued documents (rendered once, stored byte for byte) and their gap-free numbering."""

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
