"""API tokens: stored as SHA-256 only, expiring, bound to the password they were issued under."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuthToken(models.Model):
    # SHA-256 of the token: a copy of the database gives no usable token
    key_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    # the first characters, so a user can tell their tokens apart
    prefix = models.CharField(_("prefix"), max_length=8)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="auth_tokens",
    )
    # Django's session hash of the password at issue: a password change ends the token
    password_hash = models.CharField(_("password fingerprint"), max_length=128)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"
