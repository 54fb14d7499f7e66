"""The summary, the half-yearly report (PDF and XLSX, same totals), the subject's report and
the honours check."""

import io
import re
import shutil
import subprocess

import openpyxl
import pytest
from django.core.management import call_command
from pypdf import PdfReader

from workflows.documents.models import Document
from workflows.supervision.models import HalfYearReport

from .conftest import SHANGHAI, at, client_for, complete, file_appeal, make_record, only_task

pytestmark = pytest.mark.django_db

H1 = {"from": "2026-01-01", "to": "2026-06-30"}


def _accept(city, case):
    complete(city.reviewer, only_task(city.reviewer, "accept", case["id"])["id"], "accept")


def _decide(city, case):
    complete(
        city.verifier_market,
        only_task(city.verifier_market, "verify", case["id"])["id"],
        "confirm_error",
        finding="经核实，该处罚决定已被撤销，记录有误。",
        proposed_outcome="correct",
        proposed_correction="该处罚已被撤销。",
    )
    complete(
        city.reviewer,
        only_task(city.reviewer, "decide", case["id"])["id"],
        "draft",
        outcome="corrected",
        reasons="经核实，原处罚决定已被依法撤销。",
        corrected_summary="原处罚决定已被撤销，不再构成失信。",
    )
    complete(city.approver, only_task(city.approver, "sign", case["id"])["id"], "approve")


@pytest.fixture
def half_year(city, time_machine):
    """In March 2026 finance files two appeals: one decided in three working days, one never
    accepted (overdue ever since); a serious record is entered in May."""
    time_machine.move_to(at(3, 2))
    decided = file_appeal(city, make_record(city))
    waiting = file_appeal(city, make_record(city, document_number="泰市监罚〔2026〕9号"))
    _accept(city, decided)
    time_machine.move_to(at(3, 5))
    _decide(city, decided)
    time_machine.move_to(at(5, 6))
    make_record(city, severity="serious", source="judgment", document_number="（2026）苏12民初9号")
    time_machine.move_to(at(7, 2))
    return decided, waiting


def _summary(user, params=H1):
    response = client_for(user).get("/api/v1/supervision/summary/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_summary_per_department_and_kind(city, half_year):
    figures = _summary(city.supervisor)
    rows = {(r["department_name"], r["kind"]): r for r in figures["rows"]}
    finance = rows[("市财政局", "appeal")]
    assert (finance["filed"], finance["decided"], finance["on_time"], finance["overdue"]) == (
        2,
        1,
        1,
        1,
    )
    assert finance["median_days_to_decide"] == 3.0
    assert finance["open_by_state"] == {"filed": 1}
    assert rows[("市市场监管局", "appeal")]["filed"] == 0
    assert figures["totals"]["filed"] == 2
    # three records entered in the half year (the corrected version is no new record)
    assert {(r["source"], r["severity"], r["count"]) for r in figures["records"]} == {
        ("penalty", "general", 2),
        ("judgment", "serious", 1),
    }
    # outside the period nothing was filed
    assert (
        _summary(city.supervisor, {"from": "2026-07-01", "to": "2026-07-31"})["totals"]["filed"]
        == 0
    )


def test_the_summary_is_scoped_and_checked(city, half_year):
    assert [r["department_name"] for r in _summary(city.leader_market)["departments"]] == [
        "市市场监管局"
    ]
    assert client_for(city.filer_finance).get("/api/v1/supervision/summary/", H1).status_code == 403
    response = client_for(city.supervisor).get(
        "/api/v1/supervision/summary/", {"from": "2026-07-01", "to": "2026-06-30"}
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()["errors"]
    response = client_for(city.supervisor).get("/api/v1/supervision/summary/", {"from": "x"})
    assert set(response.json()["errors"]) == {"from", "to"}


def test_the_report_totals_equal_the_summary_in_the_pdf_and_the_xlsx(city, half_year):
    figures = _summary(city.supervisor)
    client = client_for(city.supervisor)
    response = client.get("/api/v1/supervision/reports/2026-h1.pdf")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/pdf"
    report = HalfYearReport.objects.get(period="2026-h1")
    # every figure, not only the totals: per department, per kind, records, weeks
    assert report.figures == figures
    assert set(figures["totals"]) >= {"repairs", "rectifications_overdue", "honours_bans"}
    assert report.document.number == "泰信督〔2026〕1号"
    text = re.sub(
        r"\s+",
        " ",
        "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages),
    )
    assert "泰信督〔2026〕1号" in text
    for row in figures["departments"]:
        cells = [row["filed"], row["decided"], row["on_time"], row["overdue"]]
        pattern = re.escape(row["department_name"]) + "".join(rf" ?{n}" for n in cells)
        assert re.search(pattern, text), (pattern, text)
    # a second request serves the same issued document
    assert client.get("/api/v1/supervision/reports/2026-h1.pdf").content == response.content
    assert Document.objects.filter(doc_type="supervision_report").count() == 1

    response = client.get("/api/v1/supervision/reports/2026-h1.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    by_department = list(book.worksheets[0].iter_rows(values_only=True))
    sheet_rows = {row[0]: row[1:5] for row in by_department[1:]}
    for row in figures["departments"]:
        assert sheet_rows[row["department_name"]] == (
            row["filed"],
            row["decided"],
            row["on_time"],
            row["overdue"],
        )
    totals = figures["totals"]
    assert by_department[-1][1:5] == (
        totals["filed"],
        totals["decided"],
        totals["on_time"],
        totals["overdue"],
    )
    # on-time rate, repairs, rectifications overdue, honours bans
    assert by_department[0][7:] == ("按期办结率（%）", "信用修复", "逾期未完成整改", "限制评先评优")
    finance = next(row for row in by_department if row[0] == "市财政局")
    assert finance[7:] == (100, 0, 0, 0)
    assert by_department[-1][8:] == (
        totals["repairs"],
        totals["rectifications_overdue"],
        totals["honours_bans"],
    )
    weeks = list(book["超期情况按周分布"].iter_rows(values_only=True))[1:]
    assert [{"week": w, "overdue": n} for w, n in weeks] == figures["weeks"]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (make test installs it)")
def test_the_reports_charts_render_their_chinese_labels_in_the_pdf(city, half_year, tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(
        client_for(city.supervisor).get("/api/v1/supervision/reports/2026-h1.pdf").content
    )
    pdftotext = shutil.which("pdftotext") or "pdftotext"
    text = subprocess.run(  # noqa: S603 -- our own file, a fixed program
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # the charts' titles and their text: finance decided all on time, the others nothing
    assert "各部门按期办结率" in text
    assert "超期情况按周分布" in text
    assert re.search(r"市财政局\s+100%", text), text
    assert re.search(r"市市场监管局\s+无办结", text), text
    # the week chart's axis starts with the Monday of 1 January's week
    assert "12-29" in text


def test_the_report_waits_for_the_half_year_to_end_and_only_supervisors_get_it(city, half_year):
    client = client_for(city.supervisor)
    response = client.get("/api/v1/supervision/reports/2026-h2.pdf")
    assert response.status_code == 400
    assert "period" in response.json()["errors"]
    assert (
        client_for(city.leader_market).get("/api/v1/supervision/reports/2026-h1.pdf").status_code
        == 403
    )
    assert client.get("/api/v1/supervision/reports/2026-h3.pdf").status_code == 404


def test_the_management_command_issues_the_same_report(city, half_year):
    out = io.StringIO()
    call_command("supervision_report", "--half", "2026-h1", stdout=out)
    assert out.getvalue().startswith("2026-h1: 泰信督〔2026〕1号 filed=2 decided=1 overdue=1")
    response = client_for(city.supervisor).get("/api/v1/supervision/reports/2026-h1.pdf")
    assert response.status_code == 200
    assert HalfYearReport.objects.count() == 1


def test_the_subjects_credit_report_is_numbered_and_verifiable(city, half_year, api_client):
    response = client_for(city.filer_finance).get(f"/api/v1/subjects/{city.subject.pk}/report.pdf")
    assert response.status_code == 200, response.content
    document = Document.objects.get(doc_type="credit_report")
    assert document.subject_name == "泰州市财政局"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert document.verify_code in text
    assert "（2026）苏12民初9号" in text
    verified = api_client.get(f"/api/v1/verify/{document.verify_code}/")
    assert verified.status_code == 200
    assert verified.json()["number"] == document.number
    # another department's subject is not found, not forbidden
    other = make_record(city).subject
    other.department = city.market
    other.save()
    assert (
        client_for(city.leader_finance).get("/api/v1/subjects/999999/report.pdf").status_code == 404
    )


def test_honours_check(city, time_machine):
    time_machine.move_to(at(5, 6))
    url = f"/api/v1/subjects/{city.subject.pk}/honours-check/"
    make_record(city)  # a general record does not bar honours
    assert client_for(city.filer_finance).get(url).json() == {"eligible": True, "reasons": []}
    serious = make_record(
        city, severity="serious", source="judgment", document_number="（2026）苏12民初9号"
    )
    body = client_for(city.filer_finance).get(url).json()
    assert body["eligible"] is False
    assert [(r["code"], r["record"]) for r in body["reasons"]] == [
        ("serious_dishonesty", serious.pk)
    ]
    # under objection it is not active: the check passes again
    file_appeal(city, serious)
    assert client_for(city.filer_finance).get(url).json()["eligible"] is True


def test_honours_check_refuses_a_banned_subject_until_the_last_day(city, time_machine):
    import datetime

    from workflows.records.services import honours_ban_impose

    time_machine.move_to(at(5, 6))
    url = f"/api/v1/subjects/{city.subject.pk}/honours-check/"
    ban = honours_ban_impose(subject=city.subject, months=12, reason="逾期未整改")
    body = client_for(city.filer_finance).get(url).json()
    assert body["eligible"] is False
    assert body["reasons"][0]["code"] == "honours_ban"
    assert body["reasons"][0]["until"] == ban.ends_on.isoformat()
    last_evening = datetime.datetime.combine(ban.ends_on, datetime.time(23, 0), tzinfo=SHANGHAI)
    time_machine.move_to(last_evening)
    assert client_for(city.filer_finance).get(url).json()["eligible"] is False
    time_machine.move_to(last_evening + datetime.timedelta(hours=2))
    assert client_for(city.filer_finance).get(url).json() == {"eligible": True, "reasons": []}
