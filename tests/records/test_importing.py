"""Bulk import (manage.py import_records and the admin upload): all rows or, on request, the good ones."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from tests.factories import SubjectFactory
from workflows.records.importing import IMPORT_MISSING_COLUMNS, IMPORT_UNKNOWN_USCC
from workflows.records.models import CreditRecord, RecordEvent

pytestmark = pytest.mark.django_db

HEADER = [
    "subject_uscc",
    "subject_name",
    "category",
    "severity",
    "source",
    "summary",
    "occurred_on",
    "provider_code",
    "document_number",
    "publicity_start",
]
UNKNOWN_USCC = "91110000100001780A"


@pytest.fixture
def rows(finance, housing):
    body = SubjectFactory(department=finance)
    SubjectFactory(person=True, name="张伟", department=housing)
    return [
        [
            body.uscc,
            "",
            "dishonesty",
            "general",
            "penalty",
            "未按期公开预算。",
            "2026-01-05",
            "finance",
            "泰财罚〔2026〕1号",
            "2026-01-10",
        ],
        [
            "",
            "张伟",
            "dishonesty",
            "minor",
            "discipline",
            "诫勉谈话。",
            "2026-02-01",
            "housing",
            "",
            "",
        ],
        [
            UNKNOWN_USCC,
            "",
            "dishonesty",
            "serious",
            "judgment",
            "拒不履行判决。",
            "2026-03-01",
            "finance",
            "",
            "",
        ],
        [body.uscc, "", "commendation", "huge", "other", "表扬。", "2026-13-01", "nowhere", "", ""],
    ]


@pytest.fixture(autouse=True)
def _english(settings):
    """The assertions read the command's English report (the zh-hans one is tested elsewhere)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _csv(tmp_path, rows, name="records.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _xlsx(tmp_path, rows, name="records.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


@pytest.fixture(params=["csv", "xlsx"])
def write(request, tmp_path):
    def writer(rows):
        return (_csv if request.param == "csv" else _xlsx)(tmp_path, rows)

    return writer


def _run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_records", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return False, out.getvalue(), err.getvalue() + str(exc)
    return True, out.getvalue(), err.getvalue()


def test_a_good_file_imports_every_row_with_history(write, rows):
    ok, out, _ = _run(write(rows[:2]))

    assert ok
    assert CreditRecord.objects.count() == 2
    record = CreditRecord.objects.get(document_number="泰财罚〔2026〕1号")
    assert record.state == "active"
    assert str(record.publicity_end) == "2027-01-10"
    assert RecordEvent.objects.count() == 2
    assert CreditRecord.objects.get(subject__name="张伟").provider.code == "housing"


def test_a_file_with_bad_rows_names_them_and_imports_nothing(write, rows):
    ok, _, err = _run(write(rows))

    assert not ok
    assert "line 4" in err
    assert str(IMPORT_UNKNOWN_USCC % {"value": UNKNOWN_USCC}) in err
    assert "line 5" in err
    assert "huge" in err
    assert "2026-13-01" in err
    assert "nowhere" in err
    assert "line 2" not in err
    assert "line 3" not in err
    assert not CreditRecord.objects.exists()


def test_skip_invalid_imports_the_good_rows_and_reports_the_bad(write, rows):
    ok, out, err = _run(write(rows), "--skip-invalid")

    assert ok
    assert "line 4" in err
    assert "line 5" in err
    assert "2" in out
    assert set(CreditRecord.objects.values_list("summary", flat=True)) == {
        "未按期公开预算。",
        "诫勉谈话。",
    }


def test_a_file_without_required_columns_is_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("subject_uscc,summary\nx,y\n", encoding="utf-8")

    ok, _, err = _run(path)

    assert not ok
    assert "category" in err
    assert "provider_code" in err
    assert str(IMPORT_MISSING_COLUMNS)[:10] in err


def test_an_unsupported_file_type_is_refused(tmp_path):
    path = tmp_path / "records.txt"
    path.write_text("hello", encoding="utf-8")

    ok, _, _ = _run(path)

    assert not ok


def test_progress_is_reported_for_large_files(tmp_path, rows):
    path = _csv(tmp_path, [rows[0]] * 501)

    ok, out, _ = _run(path)

    assert ok
    assert "500" in out
    assert CreditRecord.objects.count() == 501


def test_the_admin_upload_uses_the_same_import(admin_client, rows, tmp_path):
    path = _xlsx(tmp_path, rows)
    upload = SimpleUploadedFile("records.xlsx", path.read_bytes())
    url = reverse("admin:records_creditrecord_import")

    refused = admin_client.post(url, {"file": upload})
    assert refused.status_code == 200
    assert "line 4" in refused.content.decode()
    assert not CreditRecord.objects.exists()

    upload = SimpleUploadedFile("records.xlsx", path.read_bytes())
    admin_client.post(url, {"file": upload, "skip_invalid": "on"})

    assert CreditRecord.objects.count() == 2


def test_the_admin_upload_page_needs_the_add_permission(client, finance_filer):
    finance_filer.is_staff = True
    finance_filer.save()
    client.force_login(finance_filer)

    response = client.get(reverse("admin:records_creditrecord_import"))

    assert response.status_code == 403
