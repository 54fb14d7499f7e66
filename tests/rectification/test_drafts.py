"""The supervisor reads the public notification the overdue step would issue with the measures
ticked, before deciding them; choosing no notification issues nothing. Nothing is written."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from workflows.casework.models import CaseEvent, CaseTask
from workflows.documents.models import Document, DocumentSequence
from workflows.records.models import HonoursBan

from .conftest import task_of
from .test_api import _overdue

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def _written():
    return (
        Document.objects.count(),
        DocumentSequence.objects.count(),
        HonoursBan.objects.count(),
        CaseEvent.objects.count(),
    )


def test_the_notification_is_previewed_with_the_measures_chosen(city, client, time_machine):
    _overdue(city, time_machine)
    handle = task_of(city.supervisor, "handle_overdue")
    url = reverse("casework:task_draft", args=[handle["id"]])
    client.force_login(city.supervisor)
    before = _written()

    framed = client.get(url)
    measures = client.post(
        url,
        {
            "action": "handle",
            "notify_publicly": "on",
            "ban_honours": "on",
            "ban_months": "6",
            "refer_accountability": "on",
            "responsible_person": "李明",
        },
    )
    no_notice = client.post(url, {"action": "handle", "ban_honours": "on", "ban_months": "6"})

    framed_text, text = _text(framed.content), _text(measures.content)
    assert "关于未按期完成政务失信整改情况的通报" in framed_text
    assert "不得参加评优评先" not in framed_text
    assert measures["Content-Type"] == "application/pdf"
    assert "6个月内（至2027年5月31日）不得参加评优评先" in text
    assert "主要负责人李明" in text
    assert no_notice.status_code == 200
    assert "不出具文书" in no_notice.content.decode()
    assert _written() == before
    assert CaseTask.objects.get(pk=handle["id"]).is_open
