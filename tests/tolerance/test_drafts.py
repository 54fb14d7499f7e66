"""The approver reads the publicity notice with the outcome and reasons it types before
determining; during publicity the reviewer reads the decision the period will issue."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from workflows.documents.models import Document

from .conftest import complete, task_of
from .test_journeys import _consult, _consulting

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def test_the_notice_from_the_entries_then_the_decision_the_period_issues(
    city, client, time_machine
):
    _consulting(city, time_machine)
    _consult(city, "lighter")
    determine = task_of(city.approver, "determine")
    url = reverse("casework:task_draft", args=[determine["id"]])
    client.force_login(city.approver)
    issued = Document.objects.count()

    page = client.get(reverse("casework:task", args=[determine["id"]])).content.decode()
    notice = client.post(
        url, {"action": "determine", "outcome": "lighter", "reasons": "初犯且已纠正"}
    )

    assert "<iframe" not in page  # the notice is made of what is typed: nothing to frame yet
    assert f'formaction="{url}"' in page
    assert client.get(url).status_code == 404
    text = _text(notice.content)
    assert "容错认定公示" in text
    assert "初犯且已纠正" in text
    assert Document.objects.count() == issued

    complete(city.approver, determine["id"], "determine", outcome="lighter", reasons="初犯且已纠正")
    publicize = task_of(city.reviewer, "publicize")
    client.force_login(city.reviewer)
    decision = client.get(reverse("casework:task_draft", args=[publicize["id"]]))
    assert decision.status_code == 200
    assert "容错认定决定书" in _text(decision.content)
    assert "从轻处理" in _text(decision.content)
