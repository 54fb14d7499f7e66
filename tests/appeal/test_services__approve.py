"""Signing the decision moves the record as decided (domain.md §4, §6.1), and each history row it
writes names the approver who signed, the case and the decision's reasons."""

import pytest

from tests.appeal.test_api import _walk_to_sign
from workflows.records.models import CreditRecord

from .helpers import client_for, complete, only_task

pytestmark = pytest.mark.django_db

REASONS = "经审查，依据复议决定书作出本处理决定。"


def _signed_row(row) -> tuple:
    return (row["by"], row["case"], row["case_number"], row["reason"])


@pytest.mark.parametrize(
    ("outcome", "record_state"),
    [
        ("corrected", "corrected"),
        ("revoked", "revoked"),
        ("dismissed", "active"),
        ("dispute_recorded", "active"),
    ],
)
def test_signing_moves_the_record_with_who_which_case_and_why(city, outcome, record_state):
    case = _walk_to_sign(city, outcome=outcome, reasons=REASONS)

    response = complete(city.approver, only_task(city.approver, "sign")["id"], "approve")

    assert response.status_code == 200, response.content
    api = client_for(city.reviewer)
    signed = (city.approver.username, case["id"], case["number"], REASONS)
    record = api.get(f"/api/v1/records/{city.record.pk}/").json()
    assert record["state"] == record_state
    last = record["history"][-1]
    assert (last["from"], last["to"]) == ("disputed", record_state)
    assert _signed_row(last) == signed
    if outcome == "corrected":
        new = CreditRecord.objects.get(previous_version=city.record)
        history = api.get(f"/api/v1/records/{new.pk}/").json()["history"]
        assert [(row["from"], row["to"]) for row in history] == [("", "active")]
        assert _signed_row(history[0]) == signed
