"""Attachments: the stored hash is the upload's, 20 MiB is the limit, the type comes from content."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.appeal.helpers import (
    client_for,
    complete,
    file_appeal,
    only_task,
    verifier_confirms_error,
)
from workflows.casework.models import Attachment, CaseEvent
from workflows.casework.services import (
    CASE_CLOSED,
    UPLOAD_NOT_ACTING,
    UPLOAD_TOO_LARGE,
    UPLOAD_UNKNOWN_TYPE,
    UPLOAD_WRONG_TYPE,
)

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024


@pytest.fixture(autouse=True)
def _own_storage(settings, tmp_path):
    """Files are not rolled back with the database: a test uploading the same bytes to a case of
    the same id in one test process (SQLite hands ids out again) would find the file there."""
    settings.MEDIA_ROOT = settings.PRIVATE_STORAGE_ROOT = tmp_path


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(city, case_id, name, content, content_type="application/pdf"):
    return client_for(city.filer_finance).post(
        f"/api/v1/cases/{case_id}/attachments/",
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
        format="multipart",
    )


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _refused_and_nothing_saved(response, status):
    assert response.status_code == status, response.content
    assert response.json()["errors"]
    assert not Attachment.objects.exists()
    assert not CaseEvent.objects.filter(action="upload").exists()


def test_the_stored_sha256_is_that_of_the_uploaded_bytes(city):
    case = file_appeal(city).json()
    content = PDF + "复议决定书扫描件".encode() * 500

    response = _upload(city, case["id"], "复议决定书.pdf", content)

    assert response.status_code == 201, response.content
    expected = hashlib.sha256(content).hexdigest()
    assert response.json()["attachments"][0]["sha256"] == expected
    attachment = Attachment.objects.get()
    assert attachment.sha256 == expected
    # stored under its hash, whatever the uploaded file was called
    assert attachment.file.name == f"attachments/{case['id']}/{expected[:2]}/{expected}"
    with attachment.file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == expected


def test_exactly_20_mib_is_accepted(city):
    case = file_appeal(city).json()
    content = PDF + b"0" * (20 * MIB - len(PDF))

    response = _upload(city, case["id"], "big.pdf", content)

    assert response.status_code == 201, response.content
    assert Attachment.objects.get().size == 20 * MIB


def test_20_mib_and_one_byte_is_413(city):
    case = file_appeal(city).json()
    content = PDF + b"0" * (20 * MIB + 1 - len(PDF))

    response = _upload(city, case["id"], "big.pdf", content)

    _refused_and_nothing_saved(response, 413)


def test_an_html_page_named_pdf_is_415(city):
    case = file_appeal(city).json()
    html = b"<!DOCTYPE html><html><head><title>x</title></head><body>%PDF-1.4</body></html>"

    response = _upload(city, case["id"], "决定书.pdf", html)

    _refused_and_nothing_saved(response, 415)


def test_a_zip_that_is_not_ofd_such_as_a_docx_is_415(city):
    case = file_appeal(city).json()
    docx = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})

    response = _upload(
        city,
        case["id"],
        "情况说明.docx",
        docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )

    _refused_and_nothing_saved(response, 415)


def test_a_zip_named_ofd_without_ofd_xml_is_415(city):
    case = file_appeal(city).json()

    response = _upload(city, case["id"], "决定.ofd", _zip({"Doc_0/Document.xml": "<x/>"}))

    _refused_and_nothing_saved(response, 415)


def test_a_broken_zip_is_415(city):
    case = file_appeal(city).json()
    broken = _zip({"OFD.xml": "<ofd:OFD/>"})[:60]

    response = _upload(city, case["id"], "决定.ofd", broken)

    _refused_and_nothing_saved(response, 415)


PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb0043") + b"\0" * 64


def _zh(message) -> str:
    with translation.override("zh-hans"):
        return str(message)


def test_an_attachment_is_listed_and_in_the_case_history(city):
    case = file_appeal(city).json()

    response = _upload(city, case["id"], "复议决定书.pdf", PDF)

    assert response.status_code == 201, response.content
    listed = response.json()["attachments"]
    sha256 = hashlib.sha256(PDF).hexdigest()
    assert [(a["name"], a["content_type"], a["size"], a["sha256"]) for a in listed] == [
        ("复议决定书.pdf", "application/pdf", len(PDF), sha256)
    ]
    assert Attachment.objects.get().uploaded_by == city.filer_finance
    row = CaseEvent.objects.get(action="upload")
    assert (row.case_id, row.step, row.by, row.comment, row.event, row.params) == (
        case["id"],
        "attachments",
        city.filer_finance,
        "复议决定书.pdf",
        "uploaded",
        {"sha256": sha256},
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("现场照片.png", PNG, "image/png"),
        ("现场照片.jpg", JPEG, "image/jpeg"),
        (
            "决定.ofd",
            _zip({"OFD.xml": "<ofd:OFD/>", "Doc_0/Document.xml": "<x/>"}),
            "application/ofd",
        ),
    ],
)
def test_the_stored_type_is_the_one_the_content_says(city, name, content, content_type):
    case = file_appeal(city).json()

    response = _upload(city, case["id"], name, content, "application/octet-stream")

    assert response.status_code == 201, response.content
    assert response.json()["attachments"][0]["content_type"] == content_type


def test_refusals_say_why(city):
    case = file_appeal(city).json()

    # 20.06 MiB: "20.1" MB, where a size divided by anything but 1024 twice shows "20.0"
    big = int(20.06 * MIB)
    too_big = _upload(city, case["id"], "big.pdf", PDF + b"0" * (big - len(PDF)))
    a_zip = _upload(city, case["id"], "材料.ofd", _zip({"说明.txt": "不是OFD"}))
    unknown = _upload(city, case["id"], "决定书.pdf", b"<!DOCTYPE html><html></html>")

    assert "20.1" in too_big.json()["detail"]
    assert too_big.json()["detail"] == _zh(UPLOAD_TOO_LARGE) % {
        "size": big / MIB,
        "max": 20,
    }
    assert a_zip.json()["detail"] == _zh(UPLOAD_WRONG_TYPE) % {
        "name": "材料.ofd",
        "found": "ZIP",
    }
    assert unknown.json()["detail"] == _zh(UPLOAD_UNKNOWN_TYPE) % {"name": "决定书.pdf"}
    assert not Attachment.objects.exists()


def test_only_those_acting_on_the_case_upload(city):
    case = file_appeal(city).json()
    # the subject's department sees the case; its verifier has nothing to do on it
    response = client_for(city.verifier_finance).post(
        f"/api/v1/cases/{case['id']}/attachments/",
        {"file": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")},
        format="multipart",
    )

    assert response.status_code == 403
    assert response.json()["detail"] == _zh(UPLOAD_NOT_ACTING)
    assert not Attachment.objects.exists()


def test_the_verifier_of_the_providing_department_uploads_while_its_verify_step_is_open(city):
    case = file_appeal(city).json()
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")

    def upload(name):
        return client_for(city.verifier_market).post(
            f"/api/v1/cases/{case['id']}/attachments/",
            {"file": SimpleUploadedFile(name, PDF, content_type="application/pdf")},
            format="multipart",
        )

    assert upload("核实材料.pdf").status_code == 201
    verifier_confirms_error(city)
    # its step is done: nothing left for it to act on
    late = upload("补充核实材料.pdf")
    assert late.status_code == 403
    assert [a.original_name for a in Attachment.objects.all()] == ["核实材料.pdf"]


def test_a_closed_case_takes_no_attachment(city):
    case = file_appeal(city).json()
    complete(
        city.reviewer, only_task(city.reviewer, "accept")["id"], "not_accept", reason="duplicate"
    )

    response = _upload(city, case["id"], "补充.pdf", PDF)

    assert response.status_code == 409
    assert response.json()["detail"] == _zh(CASE_CLOSED)
    assert not Attachment.objects.exists()
