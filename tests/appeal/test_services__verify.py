"""The verify step records the verifier's result (domain.md §6.1: `confirm_error` with the outcome
it proposes, and a correction with `correct`; `confirm_correct` or `cannot_confirm`, with the
finding only): the API gives the values, the case page the result's label."""

import pytest
from django.urls import reverse

from .helpers import client_for, complete, file_appeal, only_task

pytestmark = pytest.mark.django_db

FINDING = "经核实，提供单位所存材料不全，无法判断记录是否有误。"
CORRECTION = "罚款数额更正为五千元。"


@pytest.mark.parametrize(
    ("action", "fields", "label", "proposal"),
    [
        ("confirm_error", {"proposed_outcome": "revoke"}, "记录有误", ("revoke", "")),
        (
            "confirm_error",
            {"proposed_outcome": "correct", "proposed_correction": CORRECTION},
            "记录有误",
            ("correct", CORRECTION),
        ),
        ("confirm_correct", {}, "记录无误", ("", "")),
        ("cannot_confirm", {}, "无法核实", ("", "")),
    ],
)
def test_the_verification_is_what_the_verifier_chose(city, client, action, fields, label, proposal):
    case = file_appeal(city).json()
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    task = only_task(city.verifier_market, "verify")

    response = complete(city.verifier_market, task["id"], action, finding=FINDING, **fields)

    assert response.status_code == 200, response.content
    appeal = client_for(city.reviewer).get(f"/api/v1/appeals/{case['id']}/").json()
    assert (appeal["state"], appeal["verification"], appeal["finding"]) == (
        "deciding",
        action,
        FINDING,
    )
    assert (appeal["proposed_outcome"], appeal["verified_correction"]) == proposal
    client.force_login(city.reviewer)
    page = client.get(reverse("casework:case", args=[case["id"]])).content.decode()
    assert f'<dt>核实结果</dt><dd class="text">{label}</dd>' in page
