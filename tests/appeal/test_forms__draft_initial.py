"""The decide step's draft form starts from the verifier's answer (domain.md §6.1): a record found
correct proposes dismissing the objection, an error found proposes the verifier's correction or
revocation, "cannot confirm" leaves the outcome to the reviewer; the reasons start from the
verifier's finding. What the reviewer sees preselected on the decide page."""

import html
import re

import pytest
from django.urls import reverse

from .helpers import complete, file_appeal, only_task

pytestmark = pytest.mark.django_db

FINDING = "经核实，提供单位的原始记录与处罚决定书一致。"
CORRECTION = "处罚已被复议机关撤销。"


def _decide_page(city, client, verification, **fields) -> str:
    assert file_appeal(city).status_code == 201
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    verified = complete(
        city.verifier_market,
        only_task(city.verifier_market, "verify")["id"],
        verification,
        finding=FINDING,
        **fields,
    )
    assert verified.status_code == 200, verified.content
    client.force_login(city.reviewer)
    page = client.get(reverse("casework:task", args=[only_task(city.reviewer, "decide")["id"]]))
    assert page.status_code == 200
    return page.content.decode()


def _selected(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, name
    return re.findall(r'<option value="([^"]*)" selected>', select.group(1))


def _textarea(page: str, name: str) -> str:
    area = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert area, name
    return html.unescape(area.group(1)).strip()


@pytest.mark.parametrize(
    ("verification", "fields", "outcome", "corrected_summary"),
    [
        ("confirm_correct", {}, ["dismissed"], ""),
        ("confirm_error", {"proposed_outcome": "revoke"}, ["revoked"], ""),
        (
            "confirm_error",
            {"proposed_outcome": "correct", "proposed_correction": CORRECTION},
            ["corrected"],
            CORRECTION,
        ),
        # the verifier could not confirm either way: the reviewer chooses, nothing is proposed
        ("cannot_confirm", {}, [], ""),
    ],
    ids=["correct-dismissed", "error-revoke", "error-correct", "cannot-confirm"],
)
def test_the_draft_starts_from_the_verifiers_answer(
    city, client, verification, fields, outcome, corrected_summary
):
    page = _decide_page(city, client, verification, **fields)

    assert _selected(page, "outcome") == outcome
    assert _textarea(page, "corrected_summary") == corrected_summary
    assert _textarea(page, "reasons") == FINDING
