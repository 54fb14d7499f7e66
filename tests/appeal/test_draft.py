"""The approver reads the decision before signing it: the sign task's draft is the decision the
signature issues, word for word, but for the number, the verification code and the 草稿 marks."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from workflows.documents.models import Document

from .helpers import appeal_at_sign, complete, file_appeal, only_task

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def _at_sign(city) -> dict:
    return appeal_at_sign(city)


def test_the_sign_draft_is_the_decision_the_signature_issues(city, client):
    sign = _at_sign(city)
    client.force_login(city.approver)
    page = client.get(reverse("casework:task", args=[sign["id"]])).content.decode()
    assert reverse("casework:task_draft", args=[sign["id"]]) in page

    draft = _text(client.get(reverse("casework:task_draft", args=[sign["id"]])).content)
    assert Document.objects.count() == 0
    assert complete(city.approver, sign["id"], "approve").status_code == 200
    issued = Document.objects.get(doc_type="appeal_decision")
    text = _text(bytes(issued.pdf))

    # the same words from the title to the signature, the 草稿 marks and page numbers aside
    body = text[text.index("异议处理决定书") : text.index("验证码")].replace(issued.number, "")
    marks = r"—\d+—|草稿：签发前预览，文号于签发时生成；未存档，不具效力|草稿"
    assert re.sub(marks, "", body) in re.sub(marks, "", draft)
    assert "撤销该信用记录" in draft
    assert f"泰信异决〔{issued.year}〕号" in draft  # the serial left blank
    assert "草稿" in draft
    assert "草稿" not in text


def test_the_not_accepted_notice_with_the_reason_chosen(city, client):
    assert file_appeal(city).status_code == 201
    accept = only_task(city.reviewer, "accept")
    url = reverse("casework:task_draft", args=[accept["id"]])
    client.force_login(city.reviewer)

    notice = client.post(url, {"action": "not_accept", "reason": "other", "comment": "已另案处理"})

    assert notice.status_code == 200
    text = _text(notice.content)
    assert "不予受理通知书" in text
    assert "已另案处理" in text
    assert not Document.objects.exists()


def test_the_not_accepted_notice_states_the_reason_chosen_without_a_comment(city, client):
    assert file_appeal(city).status_code == 201
    accept = only_task(city.reviewer, "accept")
    client.force_login(city.reviewer)

    notice = client.post(
        reverse("casework:task_draft", args=[accept["id"]]),
        {"action": "not_accept", "reason": "duplicate"},
    )

    assert notice.status_code == 200
    assert "理由是：同一异议已处理过。" in _text(notice.content)
    assert not Document.objects.exists()
