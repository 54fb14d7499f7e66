"""Writes to the working-day calendar: importing a year's official schedule."""

import datetime
from collections.abc import Sequence
from typing import NamedTuple, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .due_dates import calendar_cache_clear
from .models import MAX_YEAR, MIN_YEAR, CalendarYear, DayKind, OfficialDay

LINE_ERROR = _("Line %(line)s: %(message)s")
ENTRY_ERROR = _("Entry %(line)s: %(message)s")
YEAR_OUT_OF_RANGE = _("The year must be between %(min)s and %(max)s.")
SCHEDULE_EMPTY = _("The schedule has no days; a year's notice names at least one holiday.")
DAY_NOT_IN_YEAR = _("the date %(date)s is not in %(year)s")
KIND_INVALID = _("the kind “%(kind)s” is not one of: holiday, workday")
DAY_DUPLICATE = _("the date %(date)s is listed twice")
NAME_TOO_LONG = _("the name is longer than %(max)s characters")

# a CharField, so max_length is set (the stubs type it as optional for every field)
NAME_MAX_LENGTH = cast(int, OfficialDay._meta.get_field("name").max_length)


class DayEntry(NamedTuple):
    """One line of a schedule; `line` is where it stood in the file, if it came from one."""

    date: datetime.date
    kind: str
    name: str
    line: int | None = None


def entry_error(*, line: int | None, position: int, message: str) -> str:
    """Name the file line (or the 1-based position when there was no file) in an error message."""
    if line is not None:
        return str(LINE_ERROR % {"line": line, "message": message})
    return str(ENTRY_ERROR % {"line": position, "message": message})


def _validate(*, year: int, entries: list[DayEntry]) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            YEAR_OUT_OF_RANGE, code="year", params={"min": MIN_YEAR, "max": MAX_YEAR}
        )
    if not entries:
        raise ValidationError(SCHEDULE_EMPTY, code="empty")
    errors: list[ValidationError] = []
    seen: set[datetime.date] = set()
    for position, entry in enumerate(entries, start=1):
        problems = []
        if entry.date.year != year:
            problems.append(DAY_NOT_IN_YEAR % {"date": entry.date.isoformat(), "year": year})
        if entry.kind not in DayKind.values:
            problems.append(KIND_INVALID % {"kind": entry.kind})
        if len(entry.name) > NAME_MAX_LENGTH:
            problems.append(NAME_TOO_LONG % {"max": NAME_MAX_LENGTH})
        if entry.date in seen:
            problems.append(DAY_DUPLICATE % {"date": entry.date.isoformat()})
        seen.add(entry.date)
        errors.extend(
            ValidationError(
                entry_error(line=entry.line, position=position, message=str(p)), code="line"
            )
            for p in problems
        )
    if errors:
        raise ValidationError(errors)


def calendar_changed(*, year: int) -> None:
    """After any change to a year's days: drop cached years and let open deadlines be recomputed."""
    with transaction.atomic():
        # the hooks recompute with the new rows, inside the caller's transaction
        calendar_cache_clear()
        for hook in settings.WORKDAYS_RECOMPUTE_HOOKS:
            import_string(hook)(year=year)
        # other processes may have re-read the old rows before the commit
        transaction.on_commit(calendar_cache_clear)


def calendar_year_import(
    *, year: int, days: Sequence[tuple[datetime.date, str, str] | DayEntry], source: str
) -> CalendarYear:
    """Replace a year's official days with a published schedule, confirm it, recompute deadlines."""
    entries = [d if isinstance(d, DayEntry) else DayEntry(*d) for d in days]
    _validate(year=year, entries=entries)
    try:
        with transaction.atomic():
            calendar_year, _created = CalendarYear.objects.select_for_update().get_or_create(
                year=year
            )
            calendar_year.confirmed = True
            calendar_year.source = source
            calendar_year.imported_at = timezone.now()
            calendar_year.full_clean()
            calendar_year.save()
            # rows of this year's dates may still hang on another year after a hand edit
            OfficialDay.objects.filter(date__year=year).delete()
            calendar_year.days.all().delete()
            OfficialDay.objects.bulk_create(
                OfficialDay(calendar_year=calendar_year, date=e.date, kind=e.kind, name=e.name)
                for e in entries
            )
            calendar_changed(year=year)
    except BaseException:
        calendar_cache_clear()
        raise
    return calendar_year
