"""A correction needs its text (domain.md §6.1): filing with `requested_outcome` correct needs the
`proposed_correction`, confirming an error with a correction proposed needs it too, and a draft
deciding `corrected` needs the `corrected_summary` — blank or spaces only is refused, on the field
the text belongs to, and nothing moves on. A text its own field refuses (a NUL character, which
only the form-encoded pages let through to the form) still counts as missing: the page says so
beside the field's own error instead of failing."""

import pytest
from django.urls import reverse

from workflows.appeal.models import Appeal
from workflows.casework.models import CaseTask

from .helpers import complete, file_appeal, only_task

pytestmark = pytest.mark.django_db

CORRECTION_REQUIRED = "申请更正时，请写明记录应如何更正。"
CORRECTED_SUMMARY_REQUIRED = "请填写记录更正后的内容。"
FINDING = "经核实，该处罚决定已被撤销，记录有误。"


@pytest.mark.parametrize("blank", ["", "   "], ids=["empty", "spaces"])
def test_filing_for_a_correction_needs_the_correction(city, blank):
    response = file_appeal(city, requested_outcome="correct", proposed_correction=blank)

    assert response.status_code == 400
    assert response.json()["errors"] == {"proposed_correction": [CORRECTION_REQUIRED]}
    assert not Appeal.objects.exists()


def test_filing_for_a_revocation_needs_no_correction(city):
    response = file_appeal(city, requested_outcome="revoke", proposed_correction="")

    assert response.status_code == 201, response.content


def _verify_task(city) -> int:
    assert file_appeal(city).status_code == 201
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    return only_task(city.verifier_market, "verify")["id"]


def test_confirming_an_error_with_a_correction_needs_the_correction(city):
    task = _verify_task(city)

    refused = complete(
        city.verifier_market,
        task,
        "confirm_error",
        finding=FINDING,
        proposed_outcome="correct",
        proposed_correction="  ",
    )

    assert refused.status_code == 400
    assert refused.json()["errors"] == {"proposed_correction": [CORRECTION_REQUIRED]}
    assert CaseTask.objects.get(pk=task).is_open
    revoke = complete(
        city.verifier_market, task, "confirm_error", finding=FINDING, proposed_outcome="revoke"
    )
    assert revoke.status_code == 200, revoke.content


def test_a_corrected_decision_needs_the_corrected_content(city):
    task = _verify_task(city)
    complete(
        city.verifier_market, task, "confirm_error", finding=FINDING, proposed_outcome="revoke"
    )
    decide = only_task(city.reviewer, "decide")["id"]

    refused = complete(
        city.reviewer,
        decide,
        "draft",
        outcome="corrected",
        reasons="经核实，原处罚决定已被依法撤销。",
        corrected_summary=" ",
    )

    assert refused.status_code == 400
    assert refused.json()["errors"] == {"corrected_summary": [CORRECTED_SUMMARY_REQUIRED]}
    assert CaseTask.objects.get(pk=decide).is_open
    accepted = complete(
        city.reviewer,
        decide,
        "draft",
        outcome="corrected",
        reasons="经核实，原处罚决定已被依法撤销。",
        corrected_summary="原处罚决定已被撤销，不再构成失信。",
    )
    assert accepted.status_code == 200, accepted.content


def test_a_corrected_content_refused_by_its_own_field_is_still_asked_for_on_the_page(city, client):
    # a NUL character fails the field itself (the page is form-encoded: no API parser before
    # it); the page answers with both messages instead of failing
    task = _verify_task(city)
    complete(
        city.verifier_market, task, "confirm_error", finding=FINDING, proposed_outcome="revoke"
    )
    decide = only_task(city.reviewer, "decide")["id"]
    client.force_login(city.reviewer)

    page = client.post(
        reverse("casework:task", args=[decide]),
        {
            "action": "draft",
            "outcome": "corrected",
            "reasons": "经核实，原处罚决定已被依法撤销。",
            "corrected_summary": "\x00",
        },
    )

    assert page.status_code == 400
    assert CORRECTED_SUMMARY_REQUIRED in page.content.decode()
    assert CaseTask.objects.get(pk=decide).is_open


def test_a_proposed_correction_refused_by_its_own_field_is_still_asked_for_on_the_page(
    city, client
):
    task = _verify_task(city)
    client.force_login(city.verifier_market)

    page = client.post(
        reverse("casework:task", args=[task]),
        {
            "action": "confirm_error",
            "finding": FINDING,
            "proposed_outcome": "correct",
            "proposed_correction": "\x00",
        },
    )

    assert page.status_code == 400
    assert CORRECTION_REQUIRED in page.content.decode()
    assert CaseTask.objects.get(pk=task).is_open


def test_a_correction_asked_for_but_refused_by_its_own_field_is_still_asked_for_on_the_page(
    city, client
):
    client.force_login(city.filer_finance)

    page = client.post(
        reverse("appeal:file"),
        {
            "record": city.record.pk,
            "grounds": "该处罚决定已于2026年5月被复议机关撤销，记录所依据的事实不复存在。",
            "requested_outcome": "correct",
            "proposed_correction": "\x00",
        },
    )

    assert page.status_code == 400
    assert CORRECTION_REQUIRED in page.content.decode()
    assert not Appeal.objects.exists()
