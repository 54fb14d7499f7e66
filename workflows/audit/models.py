"""The tamper-evident audit chain: one append-only entry per history row or issued document.

Each entry holds the SHA-256 of its source row's content and of the entry before it, so changing,
deleting or inserting a row anywhere breaks a link that `manage.py verify_audit` names. The daily
anchors copy the chain head into a second table (and a file) that an attacker must also rewrite.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64
APPEND_ONLY = _("Audit rows are append-only: they cannot be changed or deleted.")


class AppendOnlyModel(models.Model):
    """Refuses save() on an existing row and delete(); raw SQL is what verify_audit is for."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError(str(APPEND_ONLY))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(str(APPEND_ONLY))


class AuditHead(models.Model):
    """The single row naming the chain's last entry; every append locks it first."""

    sequence = models.PositiveBigIntegerField(_("last sequence"), default=0)
    entry_hash = models.CharField(_("last entry hash"), max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.sequence} {self.entry_hash[:12]}"


class AuditEntry(AppendOnlyModel):
    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True)
    # the source row's model label, e.g. "casework.caseevent"
    kind = models.CharField(_("kind"), max_length=60)
    object_id = models.BigIntegerField(_("object id"))
    # the source fields hashed, comma-separated: fields added to a model later are hashed for
    # rows written after that, and old rows still recompute from the fields they had
    fields = models.TextField(_("fields"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    entry_hash = models.CharField(_("entry hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["sequence"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="audit_entry_once_per_row")
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.kind}:{self.object_id}"


class AuditAnchor(AppendOnlyModel):
    """The chain head as it stood once a day: a checkpoint the chain must still reach."""

    day = models.DateField(_("day"), unique=True)
    sequence = models.PositiveBigIntegerField(_("sequence"))
    entry_hash = models.CharField(_("entry hash"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("audit anchor")
        verbose_name_plural = _("audit anchors")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day}: #{self.sequence} {self.entry_hash[:12]}"
