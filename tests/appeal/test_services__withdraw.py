"""Withdrawing an appeal clears the record's dispute (domain.md §4, §6.1): the record is active again
and its history row names who withdrew, in which case, and why."""

import pytest

from .helpers import client_for, file_appeal

pytestmark = pytest.mark.django_db

REASON = "已与信息提供单位核对，记录无误，撤回申诉。"


def test_withdrawal_clears_the_dispute_with_who_which_case_and_why_in_the_history(city):
    case = file_appeal(city).json()
    filer = client_for(city.filer_finance)

    response = filer.post(
        f"/api/v1/cases/{case['id']}/withdraw/", {"reason": REASON}, format="json"
    )

    assert response.status_code == 200, response.content
    record = filer.get(f"/api/v1/records/{city.record.pk}/").json()
    assert record["state"] == "active"
    cleared = record["history"][-1]
    assert (cleared["from"], cleared["to"]) == ("disputed", "active")
    assert cleared["by"] == city.filer_finance.username
    assert cleared["by_name"] == str(city.filer_finance)
    assert (cleared["case"], cleared["case_number"]) == (case["id"], case["number"])
    assert cleared["reason"] == REASON
