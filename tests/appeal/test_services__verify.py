"""The verify step records the verifier's result (domain.md §6.1: `confirm_error`, `confirm_correct`
or `cannot_confirm`, with the finding): the API gives its value, the case page its label."""

import pytest
from django.urls import reverse

from .helpers import client_for, complete, file_appeal, only_task

pytestmark = pytest.mark.django_db

FINDING = "经核实，提供单位所存材料不全，无法判断记录是否有误。"


@pytest.mark.parametrize(
    ("action", "fields", "label"),
    [
        ("confirm_error", {"proposed_outcome": "revoke"}, "记录有误"),
        ("confirm_correct", {}, "记录无误"),
        ("cannot_confirm", {}, "无法核实"),
    ],
)
def test_the_verification_result_is_what_the_verifier_chose(city, client, action, fields, label):
    case = file_appeal(city).json()
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    task = only_task(city.verifier_market, "verify")

    response = complete(city.verifier_market, task["id"], action, finding=FINDING, **fields)

    assert response.status_code == 200, response.content
    appeal = client_for(city.reviewer).get(f"/api/v1/appeals/{case['id']}/").json()
    assert (appeal["verification"], appeal["finding"]) == (action, FINDING)
    client.force_login(city.reviewer)
    page = client.get(reverse("casework:case", args=[case["id"]])).content.decode()
    assert f'<dt>核实结果</dt><dd class="text">{label}</dd>' in page
