"""The signer reads what signing issues: as the review recommends before any entry; the refusal
with the reasons typed when it is about to refuse instead. Nothing is written."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from workflows.documents.models import Document

from .conftest import make_record, task_of
from .test_api__journeys import _to_sign

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def test_the_decision_as_recommended_or_the_refusal_as_typed(city, client, time_machine):
    _to_sign(city, time_machine, make_record(city))
    sign = task_of(city.approver, "sign")
    url = reverse("casework:task_draft", args=[sign["id"]])
    client.force_login(city.approver)

    recommended = _text(client.get(url).content)
    refusal = _text(
        client.post(url, {"action": "refuse", "reasons": "承诺书所列义务尚未履行"}).content
    )
    missing = client.post(url, {"action": "refuse", "reasons": ""})

    assert "信用修复决定书" in recommended
    assert "准予信用修复" in recommended
    assert "不予信用修复决定书" in refusal
    assert "承诺书所列义务尚未履行" in refusal
    assert missing.status_code == 400
    assert not Document.objects.filter(doc_type__in=["repair_decision", "repair_refusal"]).exists()
