"""Not accepting an appeal (domain.md §6.1): the reason and comment are kept on the case, the
record's dispute is cleared with a history row naming who, which case and the reason, and the
notice, the case's decision, states the reason and the comment."""

import pytest

from workflows.documents.models import Document

from .helpers import client_for, complete, file_appeal, only_task
from .test_documents import pdf_text

pytestmark = pytest.mark.django_db

COMMENT = "同一事项已于2026年4月作出处理决定。"


def test_not_accepting_keeps_the_reason_clears_the_dispute_and_states_it(city):
    case = file_appeal(city).json()

    response = complete(
        city.reviewer,
        only_task(city.reviewer, "accept")["id"],
        "not_accept",
        reason="duplicate",
        comment=COMMENT,
    )

    assert response.status_code == 200, response.content
    appeal = client_for(city.filer_finance).get(f"/api/v1/appeals/{case['id']}/").json()
    assert (appeal["not_accepted_reason"], appeal["not_accepted_comment"]) == (
        "duplicate",
        COMMENT,
    )
    record = client_for(city.reviewer).get(f"/api/v1/records/{city.record.pk}/").json()
    assert record["state"] == "active"
    cleared = record["history"][-1]
    assert (cleared["from"], cleared["to"]) == ("disputed", "active")
    assert cleared["by"] == city.reviewer.username
    assert (cleared["case"], cleared["case_number"]) == (case["id"], case["number"])
    assert cleared["reason"] == "同一异议已处理过"
    document = Document.objects.get(case_id=case["id"], doc_type="appeal_not_accepted")
    assert f"理由是：同一异议已处理过。{COMMENT}" in pdf_text(document)
    # the notice is the case's decision, and its public verification names the outcome
    assert response.json()["decision"]["outcome"] == "not_accepted"
    verified = client_for(None).get(f"/api/v1/verify/{document.verify_code}/").json()
    assert (verified["kind"], verified["outcome"]) == ("appeal_not_accepted", "not_accepted")
