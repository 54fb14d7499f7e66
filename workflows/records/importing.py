"""Bulk import of credit records from CSV or XLSX: one implementation for the command and the admin."""

import csv
import datetime
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from workflows.organization.models import Department

from .models import Category, CreditRecord, Sanction, Severity, Source, Subject, SubjectKind
from .services import RECORD_BLOCKED, record_block_for, record_create

# severity is empty for commendations, which have none (the model says so row by row)
REQUIRED_COLUMNS = ("category", "severity", "source", "summary", "occurred_on", "provider_code")
OPTIONAL_COLUMNS = (
    "subject_uscc",
    "subject_name",
    "document_number",
    "publicity_start",
    "sanction",
)
PROGRESS_EVERY = 500

IMPORT_UNSUPPORTED_FILE = _("Only .csv and .xlsx files can be imported.")
IMPORT_UNREADABLE_FILE = _("The file cannot be read: %(error)s")
IMPORT_EMPTY_FILE = _("The file has no header row.")
IMPORT_MISSING_COLUMNS = _("Missing columns: %(columns)s.")
IMPORT_NO_SUBJECT_COLUMN = _("The file needs a subject_uscc or a subject_name column.")
IMPORT_NO_SUBJECT = _("Give subject_uscc (bodies) or subject_name (civil servants).")
IMPORT_UNKNOWN_USCC = _("No subject has the unified social credit code %(value)s.")
IMPORT_UNKNOWN_NAME = _("No civil servant is registered under the name %(value)s.")
IMPORT_AMBIGUOUS_NAME = _(
    "Several civil servants are registered under the name %(value)s; use the record's admin page."
)
IMPORT_BAD_CHOICE = _("%(column)s: %(value)r is not one of %(choices)s.")
IMPORT_BAD_DATE = _("%(column)s: %(value)r is not a date (YYYY-MM-DD).")
IMPORT_REQUIRED = _("%(column)s is required.")
IMPORT_UNKNOWN_PROVIDER = _("No department has the code %(value)s.")


@dataclass
class RowError:
    line: int
    messages: list[str]

    def __str__(self) -> str:
        return gettext("line %(line)d: %(messages)s") % {
            "line": self.line,
            "messages": "; ".join(self.messages),
        }


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFileError(ValidationError):
    """The file as a whole cannot be imported (type, header)."""


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows_csv(stream: IO[bytes]) -> Iterator[list[str]]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    for row in csv.reader(text):
        yield [_cell(v) for v in row]


def _rows_xlsx(stream: IO[bytes]) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(stream, read_only=True, data_only=True)
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield [_cell(v) for v in row]
    finally:
        workbook.close()


def read_rows(stream: IO[bytes], filename: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number as a user counts it, header 1; the row by column name), skipping blank rows."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        rows = _rows_csv(stream)
    elif suffix == ".xlsx":
        rows = _rows_xlsx(stream)
    else:
        raise ImportFileError(IMPORT_UNSUPPORTED_FILE, code="file_type")
    try:
        header = next(rows, None)
        if not header or not any(header):
            raise ImportFileError(IMPORT_EMPTY_FILE, code="empty")
        columns = [c.strip().lower() for c in header]
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if missing:
            raise ImportFileError(
                IMPORT_MISSING_COLUMNS, code="columns", params={"columns": ", ".join(missing)}
            )
        if "subject_uscc" not in columns and "subject_name" not in columns:
            raise ImportFileError(IMPORT_NO_SUBJECT_COLUMN, code="columns")
        for line, values in enumerate(rows, start=2):
            if not any(values):
                continue
            yield (
                line,
                dict(zip(columns, values + [""] * (len(columns) - len(values)), strict=False)),
            )
    except (UnicodeDecodeError, csv.Error, OSError, KeyError, ValueError) as exc:
        raise ImportFileError(
            IMPORT_UNREADABLE_FILE, code="unreadable", params={"error": str(exc)}
        ) from exc


class _Lookups:
    """Subjects and departments by natural key, cached for the whole file."""

    def __init__(self) -> None:
        self.departments = {d.code: d for d in Department.objects.all()}
        self._by_uscc: dict[str, Subject | None] = {}
        self._by_name: dict[str, list[Subject]] = {}

    def subject_by_uscc(self, uscc: str) -> Subject | None:
        if uscc not in self._by_uscc:
            self._by_uscc[uscc] = Subject.objects.filter(uscc=uscc).first()
        return self._by_uscc[uscc]

    def persons_named(self, name: str) -> list[Subject]:
        if name not in self._by_name:
            self._by_name[name] = list(
                Subject.objects.filter(name=name, kind=SubjectKind.PERSON)[:2]
            )
        return self._by_name[name]


def _choice(row, column, choices, errors, *, required: bool = True) -> str:
    value = row.get(column, "").strip().lower()
    if not value:
        if required:
            errors.append(str(IMPORT_REQUIRED % {"column": column}))
    elif value not in choices.values:
        errors.append(
            str(
                IMPORT_BAD_CHOICE
                % {"column": column, "value": value, "choices": ", ".join(choices.values)}
            )
        )
    return value


def _date(row, column, errors, *, required: bool) -> datetime.date | None:
    value = row.get(column, "").strip()
    if not value:
        if required:
            errors.append(str(IMPORT_REQUIRED % {"column": column}))
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        errors.append(str(IMPORT_BAD_DATE % {"column": column, "value": value}))
        return None


def _parse_row(row: dict[str, str], lookups: _Lookups) -> tuple[dict, list[str]]:
    errors: list[str] = []
    subject = None
    uscc, name = row.get("subject_uscc", "").strip(), row.get("subject_name", "").strip()
    if uscc:
        subject = lookups.subject_by_uscc(uscc)
        if subject is None:
            errors.append(str(IMPORT_UNKNOWN_USCC % {"value": uscc}))
    elif name:
        persons = lookups.persons_named(name)
        if not persons:
            errors.append(str(IMPORT_UNKNOWN_NAME % {"value": name}))
        elif len(persons) > 1:
            errors.append(str(IMPORT_AMBIGUOUS_NAME % {"value": name}))
        else:
            subject = persons[0]
    else:
        errors.append(str(IMPORT_NO_SUBJECT))
    values: dict[str, Any] = {
        "subject": subject,
        "category": _choice(row, "category", Category, errors),
        "severity": _choice(row, "severity", Severity, errors, required=False),
        "source": _choice(row, "source", Source, errors),
        "sanction": _choice(row, "sanction", Sanction, errors, required=False),
        "summary": row.get("summary", "").strip(),
        "occurred_on": _date(row, "occurred_on", errors, required=True),
        "publicity_start": _date(row, "publicity_start", errors, required=False),
        "document_number": row.get("document_number", "").strip(),
    }
    if not values["summary"]:
        errors.append(str(IMPORT_REQUIRED % {"column": "summary"}))
    code = row.get("provider_code", "").strip()
    values["provider"] = lookups.departments.get(code)
    if not code:
        errors.append(str(IMPORT_REQUIRED % {"column": "provider_code"}))
    elif values["provider"] is None:
        errors.append(str(IMPORT_UNKNOWN_PROVIDER % {"value": code}))
    if not errors:
        errors.extend(_model_errors(values))
    return values, errors


def _model_errors(values: dict) -> list[str]:
    """What the service's full_clean would say, checked before anything is written."""
    start = values["publicity_start"] or timezone.localdate()
    record = CreditRecord(**{**values, "publicity_start": start})
    try:
        record.full_clean(exclude=["state"])
    except ValidationError as exc:
        return [f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items()]
    if values.get("category") == Category.DISHONESTY:
        block = record_block_for(
            subject=values["subject"],
            summary=values.get("summary", ""),
            document_number=values.get("document_number", ""),
        )
        if block is not None:
            return [
                str(RECORD_BLOCKED % {"case": block.case_number or "—", "reason": block.reason})
            ]
    return []


def records_import(
    *,
    stream: IO[bytes],
    filename: str,
    skip_invalid: bool = False,
    by=None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Check every row; import all of them, or none if one is bad unless skip_invalid.

    Raises ImportFileError when the file itself cannot be read (type, header).
    """
    lookups = _Lookups()
    result = ImportResult()
    good: list[dict] = []
    for line, row in read_rows(stream, filename):
        result.rows += 1
        values, errors = _parse_row(row, lookups)
        if errors:
            result.errors.append(RowError(line=line, messages=errors))
        else:
            good.append(values)
        if progress and result.rows % PROGRESS_EVERY == 0:
            progress(result.rows)
    if result.errors and not skip_invalid:
        return result
    with transaction.atomic():
        for values in good:
            record_create(**values, by=by)
            result.created += 1
    return result
