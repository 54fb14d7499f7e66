"""manage.py import_holidays FILE [--year Y]: import a year's official holiday schedule."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from workflows.workdays.importing import calendar_file_import
from workflows.workdays.models import DayKind

FILE_UNREADABLE = _("Cannot read %(file)s: %(error)s")
NOTHING_IMPORTED = _("Nothing was imported.")
IMPORT_SUMMARY = _(
    "Imported %(year)s: %(holidays)s holidays, %(workdays)s adjusted working days; "
    "the year is confirmed and provisional deadlines were recomputed."
)


class Command(BaseCommand):
    help = "Import a year's holidays and adjusted working days from CSV (date,kind,name) or JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a .csv or .json file")
        parser.add_argument("--year", type=int, help="the year (default: the year of the dates)")
        parser.add_argument("--source", default="", help="the notice, e.g. its document number")

    def handle(self, *args, file: Path, year: int | None, source: str, **options):
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(str(FILE_UNREADABLE) % {"file": file, "error": exc}) from None
        try:
            calendar_year = calendar_file_import(
                content=content, filename=file.name, year=year, source=source
            )
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(str(NOTHING_IMPORTED)) from None
        days = calendar_year.days.all()
        self.stdout.write(
            str(IMPORT_SUMMARY)
            % {
                "year": calendar_year.year,
                "holidays": days.filter(kind=DayKind.HOLIDAY).count(),
                "workdays": days.filter(kind=DayKind.WORKDAY).count(),
            }
        )
