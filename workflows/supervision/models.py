"""The half-yearly reports issued: the numbered PDF and the figures it printed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HalfYearReport(models.Model):
    """One 通报 per half year, issued once; the XLSX is built from the same stored figures."""

    period = models.CharField(_("half year"), max_length=7, unique=True)  # "2026-h2"
    document = models.OneToOneField(
        "documents.Document", verbose_name=_("document"), on_delete=models.PROTECT, related_name="+"
    )
    # the summary exactly as printed (summary.summary_build's answer)
    figures = models.JSONField(_("figures"))
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        verbose_name = _("half-yearly report")
        verbose_name_plural = _("half-yearly reports")
        ordering = ["-period"]

    def __str__(self) -> str:
        return self.period
