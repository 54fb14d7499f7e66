"""Departments (government bodies) and the users who work for them."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .uscc import validate_uscc


class DepartmentKind(models.TextChoices):
    CITY = "city", _("City government")
    DISTRICT = "district", _("District government")
    DEPARTMENT = "department", _("Department")


class Department(models.Model):
    """A government body: the city, a district, or a department under either."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.DEPARTMENT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    # the credit office sees every department's subjects, records and cases
    is_credit_office = models.BooleanField(_("is the credit office"), default=False)
    # short code used in document numbers, e.g. 泰财 for the finance bureau
    issuer_code = models.CharField(_("issuer code"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class UserQuerySet(models.QuerySet):
    def delete(self):
        # a bulk delete (the admin's action, a script) is refused like a single one
        from .services import user_delete_guard

        user_delete_guard(self)
        return super().delete()


class GuardedUserManager(UserManager):
    def get_queryset(self):
        return UserQuerySet(self.model, using=self._db)


# a history entry's `by` says "system" for a timer or sweep (api.fields.SYSTEM_ACTOR): no user
# may be called that, or the two could not be told apart
RESERVED_USERNAMES = frozenset({"system"})


def validate_username_not_reserved(value: str) -> None:
    if value.casefold() in RESERVED_USERNAMES:
        raise ValidationError(
            _("“%(value)s” is reserved for actions the system takes by itself."),
            code="reserved",
            params={"value": value},
        )


class User(AbstractUser):
    """A civil servant using the system; belongs to one department, roles are groups.

    Once a user has acted they are deactivated, never deleted (organization.services).
    """

    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        help_text=_("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
        validators=[UnicodeUsernameValidator(), validate_username_not_reserved],
        error_messages={"unique": _("A user with that username already exists.")},
    )

    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    # the leader alerted first when this user's task is overdue
    leader = models.ForeignKey(
        "self",
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="team",
    )
    # notifications and e-mails reach the user in this language
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )

    objects = GuardedUserManager()  # type: ignore[misc]  # AbstractUser types it as a ClassVar

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def delete(self, *args, **kwargs):
        from .services import user_delete_guard

        user_delete_guard([self])
        return super().delete(*args, **kwargs)

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Chinese names are written family name first, without a space
        if not (self.first_name + self.last_name).isascii():
            return f"{self.last_name}{self.first_name}".strip()
        return super().get_full_name()
