"""Attachments: the stored hash is the upload's, 20 MiB is the limit, the type comes from content."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.appeal.helpers import client_for, file_appeal
from workflows.casework.models import Attachment, CaseEvent

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024
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
