"""Public verification of a printed document: the page and the API, no login."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.documents.conftest import issue
from workflows.documents.selectors import documents_for_case

pytestmark = pytest.mark.django_db


def test_verify_page_shows_the_documents_facts_without_login(client, decision):
    response = client.get(reverse("documents:verify", kwargs={"code": decision.verify_code}))

    assert response.status_code == 200
    body = response.content.decode()
    assert decision.number in body
    assert "异议处理决定书" in body
    assert "予以更正" in body
    assert "泰州市经济和信息化委员会" in body
    assert decision.sha256 in body
    assert timezone.localtime(decision.issued_at).strftime("%Y-%m-%d") in body


def test_verify_api_returns_the_documents_facts_without_login(api_client, decision):
    response = api_client.get(f"/api/v1/verify/{decision.verify_code}/")

    assert response.status_code == 200
    data = response.json()
    assert data["number"] == decision.number
    assert data["kind"] == "appeal_decision"
    assert data["title"] == "异议处理决定书"
    assert data["outcome"] == "corrected"
    assert data["issuer"] == "泰州市经济和信息化委员会"
    assert data["sha256"] == decision.sha256
    assert data["case_number"] == "YY-2026-000123"
    assert datetime.datetime.fromisoformat(data["issued_at"]) == decision.issued_at


def test_verify_code_is_accepted_in_lower_case(api_client, decision):
    response = api_client.get(f"/api/v1/verify/{decision.verify_code.lower()}/")

    assert response.status_code == 200
    assert response.json()["number"] == decision.number


def test_unknown_code_is_404_on_page_and_api(client, api_client, decision):
    unknown = "A" * 16 if decision.verify_code != "A" * 16 else "B" * 16

    page = client.get(reverse("documents:verify", kwargs={"code": unknown}))
    api = api_client.get(f"/api/v1/verify/{unknown}/")

    assert page.status_code == 404
    assert decision.number not in page.content.decode()
    assert api.status_code == 404
    assert decision.number not in api.content.decode()


def test_documents_for_case_lists_only_that_cases_documents_in_issue_order(decision):
    second = issue(case_id=decision.case_id)
    issue(case_id=decision.case_id + 1)

    assert list(documents_for_case(decision.case_id)) == [decision, second]


@pytest.mark.parametrize(
    "site_url", ["https://credit.taizhou.example", "https://credit.taizhou.example/"]
)
def test_the_printed_verification_link_has_one_slash_after_the_site_url(settings, site_url):
    from workflows.documents.services import document_verify_url

    settings.SITE_URL = site_url
    assert (
        document_verify_url(verify_code="ABCD2345")
        == "https://credit.taizhou.example/verify/ABCD2345/"
    )
