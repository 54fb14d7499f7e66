"""The city's working-day calendar: which years are confirmed and their official days off and on."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MIN_YEAR = 2000
MAX_YEAR = 2100

DAY_OUTSIDE_YEAR = _("The date %(date)s is not in the year %(year)s.")


class CalendarYear(models.Model):
    """One year's State Council holiday notice as the city adopted it."""

    year = models.PositiveSmallIntegerField(
        _("year"),
        unique=True,
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
    )
    # a confirmed year's dates are final; an unconfirmed one only carries hand-entered corrections
    confirmed = models.BooleanField(_("confirmed"), default=False)
    source = models.TextField(
        _("source"), blank=True, help_text=_("The notice the schedule comes from, e.g. its number.")
    )
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Official holiday")
    # a weekend day worked in exchange for a longer holiday (调休)
    WORKDAY = "workday", _("Adjusted working day")


class OfficialDay(models.Model):
    """A date whose working status differs from (or confirms) the Monday–Friday rule."""

    calendar_year = models.ForeignKey(
        CalendarYear, verbose_name=_("calendar year"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=7, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("official day")
        verbose_name_plural = _("official days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}"

    def clean(self) -> None:
        if self.date and self.calendar_year_id and self.date.year != self.calendar_year.year:
            raise ValidationError(
                {
                    "date": ValidationError(
                        DAY_OUTSIDE_YEAR,
                        code="outside_year",
                        params={"date": self.date.isoformat(), "year": self.calendar_year.year},
                    )
                }
            )
