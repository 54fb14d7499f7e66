"""CSV and XLSX renderings of a table: one list of columns, both formats."""

import csv
import datetime
import io
from collections.abc import Callable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django_stubs_ext import StrOrPromise
from openpyxl import Workbook

Column = tuple[StrOrPromise, Callable[[dict], Any]]  # (heading, value of a row)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value: object) -> object:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, list | tuple):
        return "；".join(str(v) for v in value)
    if value is None:
        return ""
    return value


def csv_bytes(columns: Sequence[Column], rows: Sequence[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(heading) for heading, _value in columns])
    for row in rows:
        writer.writerow([_cell(value(row)) for _heading, value in columns])
    # a BOM, so spreadsheet programs read the Chinese text as UTF-8
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def workbook_add_sheet(book: Workbook, title: str, columns: Sequence[Column], rows) -> None:
    sheet = book.create_sheet(title=title[:31])
    sheet.append([str(heading) for heading, _value in columns])
    for row in rows:
        sheet.append([_cell(value(row)) for _heading, value in columns])


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[Column], Sequence[dict]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, columns, rows in sheets:
        workbook_add_sheet(book, title, columns, rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def file_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(columns, rows, filename: str) -> HttpResponse:
    return file_response(csv_bytes(columns, rows), filename, "text/csv; charset=utf-8")


def xlsx_response(sheets, filename: str) -> HttpResponse:
    return file_response(xlsx_bytes(sheets), filename, XLSX_TYPE)
