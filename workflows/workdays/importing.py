"""Reads a year's holiday schedule from CSV or JSON for the import command and the admin."""

import csv
import datetime
import io
import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import CalendarYear, DayKind
from .services import KIND_INVALID, DayEntry, calendar_year_import, entry_error

FILE_NOT_UTF8 = _("The file is not UTF-8 text.")
FILE_FORMAT_UNKNOWN = _("The file must be .csv or .json.")
CSV_HEADER_INVALID = _("The first line must be the header “date,kind,name”.")
JSON_INVALID = _("The file is not valid JSON: %(error)s")
JSON_NOT_LIST = _("The JSON file must hold a list of objects with date, kind and name.")
ENTRY_NOT_OBJECT = _("expected an object with date, kind and name")
DATE_INVALID = _("“%(value)s” is not a date in the form YYYY-MM-DD")
YEARS_MIXED = _(
    "The file has dates in more than one year (%(years)s); import one year at a time or pass the year."
)
YEAR_UNKNOWN = _("The file has no dates; pass the year.")


def _date(value: object) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(str(DATE_INVALID % {"value": value})) from None


def _entry(*, raw: dict, line: int | None, position: int, errors: list) -> DayEntry | None:
    problems = []
    try:
        day = _date(raw.get("date") or "")
    except ValueError as exc:
        problems.append(str(exc))
    kind = str(raw.get("kind") or "").strip().lower()
    if kind not in DayKind.values:
        problems.append(str(KIND_INVALID % {"kind": kind}))
    errors.extend(entry_error(line=line, position=position, message=p) for p in problems)
    if problems:
        return None
    return DayEntry(date=day, kind=kind, name=str(raw.get("name") or "").strip(), line=line)


def _parse_csv(text: str) -> list[DayEntry]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if header[:2] != ["date", "kind"] or not set(header) <= {"date", "kind", "name"}:
        raise ValidationError(CSV_HEADER_INVALID, code="header")
    reader.fieldnames = header
    entries: list[DayEntry] = []
    errors: list[str] = []
    for position, row in enumerate(reader, start=1):
        entry = _entry(raw=row, line=reader.line_num, position=position, errors=errors)
        if entry is not None:
            entries.append(entry)
    if errors:
        raise ValidationError(errors)
    return entries


def _parse_json(text: str) -> list[DayEntry]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(JSON_INVALID, code="json", params={"error": str(exc)}) from None
    if not isinstance(data, list):
        raise ValidationError(JSON_NOT_LIST, code="json")
    entries: list[DayEntry] = []
    errors: list[str] = []
    for position, raw in enumerate(data, start=1):
        if not isinstance(raw, dict):
            errors.append(entry_error(line=None, position=position, message=str(ENTRY_NOT_OBJECT)))
            continue
        entry = _entry(raw=raw, line=None, position=position, errors=errors)
        if entry is not None:
            entries.append(entry)
    if errors:
        raise ValidationError(errors)
    return entries


def calendar_file_parse(*, content: bytes, filename: str) -> list[DayEntry]:
    """The file's days, each with its line; ValidationError listing every unreadable line."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(FILE_NOT_UTF8, code="encoding") from None
    suffix = filename.lower().rsplit(".", 1)[-1]
    if suffix == "csv":
        return _parse_csv(text)
    if suffix == "json":
        return _parse_json(text)
    raise ValidationError(FILE_FORMAT_UNKNOWN, code="format")


def calendar_file_import(
    *, content: bytes, filename: str, year: int | None = None, source: str = ""
) -> CalendarYear:
    """Parse a schedule file and import it as one year (all or nothing)."""
    entries = calendar_file_parse(content=content, filename=filename)
    if year is None:
        years = sorted({e.date.year for e in entries})
        if not years:
            raise ValidationError(YEAR_UNKNOWN, code="year")
        if len(years) > 1:
            raise ValidationError(
                YEARS_MIXED, code="year", params={"years": ", ".join(map(str, years))}
            )
        year = years[0]
    return calendar_year_import(year=year, days=entries, source=source or filename)
