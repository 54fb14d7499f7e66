"""Importing a year's schedule: the service, the command and the admin upload, all or nothing."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from workflows.workdays.due_dates import add_workdays, is_workday
from workflows.workdays.importing import CSV_HEADER_INVALID, DATE_INVALID
from workflows.workdays.management.commands.import_holidays import IMPORT_SUMMARY
from workflows.workdays.models import CalendarYear, OfficialDay
from workflows.workdays.services import (
    DAY_DUPLICATE,
    DAY_NOT_IN_YEAR,
    ENTRY_ERROR,
    KIND_INVALID,
    LINE_ERROR,
    calendar_year_import,
)

pytestmark = pytest.mark.django_db

D = datetime.date

GOOD_2027_CSV = """date,kind,name
2027-01-01,holiday,元旦
2027-02-06,holiday,春节
2027-02-07,workday,春节调休
"""


def _line(line: int, message) -> str:
    return str(LINE_ERROR % {"line": line, "message": message})


def test_import_replaces_the_years_rows_and_confirms_it(recompute_hook):
    calendar_year_import(year=2027, days=[(D(2027, 5, 3), "holiday", "old")], source="draft")

    calendar_year = calendar_year_import(
        year=2027,
        days=[(D(2027, 1, 1), "holiday", "元旦"), (D(2027, 2, 7), "workday", "春节调休")],
        source="国办发明电〔2026〕1号",
    )

    assert calendar_year.confirmed
    assert calendar_year.imported_at is not None
    assert calendar_year.source == "国办发明电〔2026〕1号"
    assert list(OfficialDay.objects.values_list("date", "kind")) == [
        (D(2027, 1, 1), "holiday"),
        (D(2027, 2, 7), "workday"),
    ]
    assert is_workday(D(2027, 5, 3))
    assert is_workday(D(2027, 2, 7))  # a Sunday
    assert recompute_hook == [2027, 2027]


def test_import_names_every_bad_entry_and_imports_nothing(recompute_hook):
    with pytest.raises(ValidationError) as caught:
        calendar_year_import(
            year=2027,
            days=[
                (D(2027, 1, 1), "holiday", "元旦"),
                (D(2028, 1, 1), "holiday", "元旦"),
                (D(2027, 1, 1), "weekend", ""),
            ],
            source="",
        )

    assert caught.value.messages == [
        str(
            ENTRY_ERROR
            % {"line": 2, "message": DAY_NOT_IN_YEAR % {"date": "2028-01-01", "year": 2027}}
        ),
        str(ENTRY_ERROR % {"line": 3, "message": KIND_INVALID % {"kind": "weekend"}}),
        str(ENTRY_ERROR % {"line": 3, "message": DAY_DUPLICATE % {"date": "2027-01-01"}}),
    ]
    assert not CalendarYear.objects.exists()
    assert not OfficialDay.objects.exists()
    assert recompute_hook == []


def test_command_imports_csv_and_prints_a_summary(tmp_path, capsys, recompute_hook):
    path = tmp_path / "2027.csv"
    path.write_text(GOOD_2027_CSV, encoding="utf-8")

    call_command("import_holidays", str(path))

    assert str(IMPORT_SUMMARY % {"year": 2027, "holidays": 2, "workdays": 1}) in (
        capsys.readouterr().out
    )
    assert CalendarYear.objects.get(year=2027).confirmed
    assert CalendarYear.objects.get(year=2027).source == "2027.csv"
    assert OfficialDay.objects.count() == 3
    assert recompute_hook == [2027]
    # Dec 29–31 = 3, Jan 4–8 = 4..8, Jan 11 = 9, Tue Jan 12 = 10 (Jan 1 now off)
    assert add_workdays(D(2026, 12, 28), 10).due == D(2027, 1, 12)
    assert not add_workdays(D(2026, 12, 28), 10).provisional


def test_command_imports_json_with_an_explicit_year(tmp_path, recompute_hook):
    path = tmp_path / "schedule.json"
    path.write_text(
        json.dumps([{"date": "2027-10-01", "kind": "holiday", "name": "国庆节"}]), encoding="utf-8"
    )

    call_command("import_holidays", str(path), "--year", "2027", "--source", "notice")

    assert CalendarYear.objects.get(year=2027).source == "notice"
    assert not is_workday(D(2027, 10, 1))


def test_command_reports_the_bad_line_exits_non_zero_and_imports_nothing(
    tmp_path, capsys, recompute_hook
):
    path = tmp_path / "2027.csv"
    path.write_text(
        "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-30,holiday,春节\n2027-02-07,day off,x\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as caught:
        call_command("import_holidays", str(path))

    assert caught.value.returncode != 0
    err = capsys.readouterr().err
    assert _line(3, DATE_INVALID % {"value": "2027-02-30"}) in err
    assert _line(4, KIND_INVALID % {"kind": "day off"}) in err
    assert not CalendarYear.objects.exists()
    assert not OfficialDay.objects.exists()
    assert recompute_hook == []


def test_command_reports_a_duplicate_date_by_line(tmp_path, capsys, recompute_hook):
    path = tmp_path / "2027.csv"
    path.write_text(
        "date,kind,name\n2027-01-01,holiday,元旦\n\n2027-01-01,holiday,元旦\n", encoding="utf-8"
    )

    with pytest.raises(CommandError):
        call_command("import_holidays", str(path))

    # the blank line 3 is skipped but still counted
    assert _line(4, DAY_DUPLICATE % {"date": "2027-01-01"}) in capsys.readouterr().err
    assert not OfficialDay.objects.exists()


def test_command_refuses_a_file_without_the_header(tmp_path, capsys):
    path = tmp_path / "2027.csv"
    path.write_text("when,what\n2027-01-01,holiday\n", encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        call_command("import_holidays", str(path))

    # manage.py exits with the error's return code
    assert caught.value.returncode == 1
    assert str(CSV_HEADER_INVALID) in capsys.readouterr().err
    assert not CalendarYear.objects.exists()


def test_admin_upload_uses_the_same_import(client, recompute_hook):
    admin = get_user_model().objects.create_superuser("calendar-admin", "a@example.org", "pw")
    client.force_login(admin)
    upload = SimpleUploadedFile("2027.csv", GOOD_2027_CSV.encode(), content_type="text/csv")

    response = client.post(
        reverse("admin:workdays_calendaryear_import"), {"file": upload, "source": "upload"}
    )

    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).confirmed
    assert OfficialDay.objects.count() == 3
    assert recompute_hook == [2027]


def test_admin_upload_shows_the_bad_line_and_imports_nothing(client, recompute_hook):
    admin = get_user_model().objects.create_superuser("calendar-admin", "a@example.org", "pw")
    client.force_login(admin)
    upload = SimpleUploadedFile(
        "2027.csv", b"date,kind,name\n2027-01-01,holiday,x\n2027-13-01,holiday,y\n"
    )

    response = client.post(reverse("admin:workdays_calendaryear_import"), {"file": upload})

    assert response.status_code == 200
    assert _line(3, DATE_INVALID % {"value": "2027-13-01"}) in response.content.decode()
    assert not OfficialDay.objects.exists()


def test_admin_save_reaches_the_due_date_cache_at_once(client, recompute_hook):
    admin = get_user_model().objects.create_superuser("calendar-admin", "a@example.org", "pw")
    client.force_login(admin)
    year = CalendarYear.objects.create(year=2026)
    assert is_workday(D(2026, 10, 9))  # now cached

    response = client.post(
        reverse("admin:workdays_officialday_add"),
        {"calendar_year": year.pk, "date": "2026-10-09", "kind": "holiday", "name": "extra"},
    )

    assert response.status_code == 302
    assert not is_workday(D(2026, 10, 9))
    assert recompute_hook == [2026]
