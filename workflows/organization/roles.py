"""The roles a user may hold (Django groups, created by a migration) and role checks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FILER = "filer", _("Filer")
    VERIFIER = "verifier", _("Verifier")
    REVIEWER = "reviewer", _("Reviewer")
    APPROVER = "approver", _("Approver")
    INSPECTOR = "inspector", _("Inspector")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


def user_roles(user) -> frozenset[str]:
    """The role names the user holds, cached on the user object for one request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached = cached | {Role.ADMIN.value}
        user._role_cache = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & {str(r) for r in roles})
