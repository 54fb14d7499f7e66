"""Attachments: type checked from content, size limited, nothing saved on a refusal."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from workflows.casework.models import Attachment

from .helpers import client_for, file_appeal

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 64
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\0" * 120


def _ofd() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("OFD.xml", "<ofd:OFD/>")
        archive.writestr("Doc_0/Document.xml", "<ofd:Document/>")
    return buffer.getvalue()


def _upload(city, case_id, name, content, content_type="application/pdf"):
    return client_for(city.filer_finance).post(
        f"/api/v1/cases/{case_id}/attachments/",
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
        format="multipart",
    )


@pytest.mark.parametrize(
    ("name", "content", "stored_type"),
    [
        ("证明.pdf", PDF, "application/pdf"),
        ("scan.png", PNG, "image/png"),
        ("决定.ofd", _ofd(), "application/ofd"),
    ],
)
def test_allowed_types_are_stored_with_their_real_type(city, name, content, stored_type):
    case = file_appeal(city).json()
    response = _upload(city, case["id"], name, content)
    assert response.status_code == 201, response.content
    attachment = response.json()["attachments"][0]
    assert attachment["name"] == name
    assert attachment["content_type"] == stored_type
    assert attachment["size"] == len(content)
    url = f"/api/v1/cases/{case['id']}/attachments/{attachment['id']}/"
    download = client_for(city.reviewer).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content


def test_renamed_executable_is_415_and_nothing_saved(city):
    case = file_appeal(city).json()
    response = _upload(city, case["id"], "证明材料.pdf", ELF)
    assert response.status_code == 415
    assert "证明材料.pdf" in response.json()["detail"]
    assert not Attachment.objects.exists()


def test_a_refused_file_is_named_in_words_never_unknown(city):
    case = file_appeal(city).json()
    executable = _upload(city, case["id"], "证明材料.pdf", ELF).json()["detail"]
    noise = _upload(city, case["id"], "扫描件.pdf", b"\x13\x37" * 64).json()["detail"]
    assert executable == "“证明材料.pdf”不是PDF、JPEG、PNG或OFD文件（文件内容显示为ELF）。"
    assert noise == "“扫描件.pdf”不是PDF、JPEG、PNG或OFD文件（无法识别其文件内容的类型）。"
    assert not Attachment.objects.exists()


def test_21_mb_upload_is_413_and_nothing_saved(city):
    case = file_appeal(city).json()
    response = _upload(city, case["id"], "big.pdf", PDF + b"0" * (21 * 1024 * 1024))
    assert response.status_code == 413
    assert not Attachment.objects.exists()


def test_another_department_cannot_upload(city, django_user_model):
    from tests.appeal.conftest import _department, _user

    housing = _department("housing", "市住建局", 9)
    stranger = _user(django_user_model, "filer_housing", housing, "filer")
    case = file_appeal(city).json()
    response = client_for(stranger).post(
        f"/api/v1/cases/{case['id']}/attachments/",
        {"file": SimpleUploadedFile("a.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 404
    assert not Attachment.objects.exists()


def test_filing_with_a_bad_attachment_files_nothing(city):
    from workflows.appeal.models import Appeal
    from workflows.records.models import CreditRecord

    from .helpers import GROUNDS

    response = client_for(city.filer_finance).post(
        "/api/v1/appeals/",
        {
            "record": city.record.pk,
            "grounds": GROUNDS,
            "requested_outcome": "revoke",
            "attachments": [SimpleUploadedFile("x.pdf", ELF)],
        },
        format="multipart",
    )
    assert response.status_code == 415
    assert not Appeal.objects.exists()
    assert CreditRecord.objects.get(pk=city.record.pk).state == "active"
