"""The task page holds the whole case: the record, attachments with an inline preview, documents and
the history; attachments preview inline only for types a browser shows (on the probe process)."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from workflows.casework.models import Attachment

from .conftest import client_for, task_of

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _ofd() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("OFD.xml", "<ofd:OFD/>")
        archive.writestr("Doc_0/Document.xml", "<ofd:Document/>")
    return buffer.getvalue()


def _case_with_files(town) -> dict:
    case = client_for(town.filer).post(
        "/api/v1/probes/", {"subject": town.subject.pk, "note": "probe note"}, format="json"
    )
    assert case.status_code == 201, case.content
    case = case.json()
    for name, content in (("证明.pdf", PDF), ("原件.ofd", _ofd())):
        response = client_for(town.filer).post(
            f"/api/v1/cases/{case['id']}/attachments/",
            {"file": SimpleUploadedFile(name, content)},
            format="multipart",
        )
        assert response.status_code == 201, response.content
    return case


def test_task_page_shows_attachments_with_preview_and_the_history(town, client):
    case = _case_with_files(town)
    intake = task_of(town.reviewer, "intake")
    client.force_login(town.reviewer)

    page = client.get(reverse("casework:task", args=[intake["id"]])).content.decode()

    pdf = Attachment.objects.get(case_id=case["id"], original_name="证明.pdf")
    ofd = Attachment.objects.get(case_id=case["id"], original_name="原件.ofd")
    assert reverse("casework:attachment", args=[case["id"], pdf.pk]) + "?inline=1" in page
    assert reverse("casework:attachment", args=[case["id"], ofd.pk]) in page
    assert reverse("casework:attachment", args=[case["id"], ofd.pk]) + "?inline=1" not in page
    assert "办理记录" in page
    assert page.count('class="timeline"') == 1
    assert "原件.ofd" in page


def test_attachment_inline_preview_for_pdf_but_download_for_ofd(town, client):
    case = _case_with_files(town)
    pdf = Attachment.objects.get(case_id=case["id"], original_name="证明.pdf")
    ofd = Attachment.objects.get(case_id=case["id"], original_name="原件.ofd")
    client.force_login(town.reviewer)

    inline = client.get(reverse("casework:attachment", args=[case["id"], pdf.pk]), {"inline": "1"})
    download = client.get(reverse("casework:attachment", args=[case["id"], pdf.pk]))
    ofd_inline = client.get(
        reverse("casework:attachment", args=[case["id"], ofd.pk]), {"inline": "1"}
    )

    assert inline.status_code == 200
    assert inline["Content-Disposition"].startswith("inline")
    assert inline["Content-Type"] == "application/pdf"
    assert b"".join(inline.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert ofd_inline["Content-Disposition"].startswith("attachment")


def test_attachment_preview_is_not_for_other_departments(town, client):
    case = _case_with_files(town)
    pdf = Attachment.objects.get(case_id=case["id"], original_name="证明.pdf")
    client.force_login(town.filer_housing)

    response = client.get(
        reverse("casework:attachment", args=[case["id"], pdf.pk]), {"inline": "1"}
    )

    assert response.status_code == 404


def test_case_page_lists_the_steps_beside_the_diagram(town, client):
    case = _case_with_files(town)
    client.force_login(town.filer)

    page = client.get(reverse("casework:case", args=[case["id"]])).content.decode()

    assert 'class="step-list"' in page
    steps = page[page.index('class="step-list"') :]
    assert "tag tag--open" in steps  # the intake step is open
    assert "未到达" in steps


def test_the_steps_follow_the_flow_and_the_diagram_speaks_the_users_language(town, client):
    case = _case_with_files(town)
    client.force_login(town.filer)

    page = client.get(reverse("casework:case", args=[case["id"]])).content.decode()
    start = page.index('class="step-list"')
    steps = page[start : page.index("</ol>", start)]
    titles = [t.strip() for t in re.findall(r"<li>([^<·]+)·", steps)]

    # from the start along the flow, a deadline's branch included; side steps after
    assert titles[:2] == ["Intake", "Work"]
    assert titles.index("Chase") > titles.index("Work")
    assert titles.index("Publicize") > titles.index("Decide") > titles.index("Consult")
    chart = page[page.index('class="process-chart"') :]
    assert 'class="edge-label" font-size="11px"' in chart
    assert ">是</text>" in chart
    assert ">否</text>" in chart
    assert ">yes</text>" not in chart


def test_labels_stand_above_their_field_without_an_ascii_colon(town, client):
    _case_with_files(town)
    intake = task_of(town.reviewer, "intake")
    client.force_login(town.reviewer)

    page = client.get(reverse("casework:task", args=[intake["id"]])).content.decode()

    assert '<label for="id_accept_comment">意见</label>' in page
    assert "意见:</label>" not in page
