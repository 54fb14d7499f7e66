"""Withdrawal ends before signing: the service's own check, the appeal's legal states and the
case page each refuse on their own (domain.md §6.1)."""

import pytest
from django.urls import reverse
from django.utils import translation
from django_fsm import can_proceed

from tests.appeal.helpers import client_for, complete, file_appeal, inbox, only_task
from tests.appeal.test_api import _walk_to_sign
from tests.appeal.test_engine_rules__services__numbering import _second_record
from workflows.appeal.models import Appeal, AppealState
from workflows.casework.models import CaseEvent, Notification
from workflows.casework.services import (
    CASE_WITHDRAWN_SUBJECT,
    ONLY_FILER_WITHDRAWS,
    WITHDRAW_TOO_LATE,
)
from workflows.records.models import CreditRecord, RecordEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_case(city):
    case = _walk_to_sign(city)
    response = complete(city.approver, only_task(city.approver, "sign")["id"], "approve")
    assert response.status_code == 200, response.content
    return case


def test_withdrawing_a_signed_case_is_409_too_late_and_changes_nothing(city, signed_case):
    record_before = CreditRecord.objects.get(pk=city.record.pk)

    response = client_for(city.filer_finance).post(
        f"/api/v1/cases/{signed_case['id']}/withdraw/", {"reason": "撤回"}, format="json"
    )

    assert response.status_code == 409
    with translation.override("zh-hans"):
        assert response.json()["detail"] == str(WITHDRAW_TOO_LATE)
    assert Appeal.objects.get(pk=signed_case["id"]).state == AppealState.DECIDED
    record = CreditRecord.objects.get(pk=city.record.pk)
    assert (record.state, record.summary) == (record_before.state, record_before.summary)
    assert not CaseEvent.objects.filter(action="withdraw").exists()


def test_withdrawing_a_not_accepted_case_is_409_too_late(city):
    case = file_appeal(city).json()
    complete(
        city.reviewer, only_task(city.reviewer, "accept")["id"], "not_accept", reason="duplicate"
    )

    response = client_for(city.filer_finance).post(f"/api/v1/cases/{case['id']}/withdraw/")

    assert response.status_code == 409
    with translation.override("zh-hans"):
        assert response.json()["detail"] == str(WITHDRAW_TOO_LATE)
    assert Appeal.objects.get(pk=case["id"]).state == AppealState.NOT_ACCEPTED


@pytest.mark.parametrize(
    "state", [AppealState.DECIDED, AppealState.NOT_ACCEPTED, AppealState.WITHDRAWN]
)
def test_the_appeal_cannot_legally_be_withdrawn_once_decided_or_ended(city, state):
    """The legal state machine refuses on its own, whatever its caller checked."""
    appeal = Appeal.objects.get(pk=file_appeal(city).json()["id"])
    Appeal.objects.filter(pk=appeal.pk).update(state=state)
    appeal = Appeal.objects.get(pk=appeal.pk)

    assert not can_proceed(appeal.withdraw)


@pytest.mark.parametrize(
    "state",
    [AppealState.FILED, AppealState.VERIFYING, AppealState.DECIDING, AppealState.SIGNING],
)
def test_the_appeal_can_be_withdrawn_until_signing(city, state):
    appeal = Appeal.objects.get(pk=file_appeal(city).json()["id"])
    Appeal.objects.filter(pk=appeal.pk).update(state=state)
    appeal = Appeal.objects.get(pk=appeal.pk)

    assert can_proceed(appeal.withdraw)


def test_the_case_page_offers_withdrawal_until_signing_and_not_after(client, city):
    case = _walk_to_sign(city)
    withdraw_url = reverse("casework:case_withdraw", args=[case["id"]])
    client.force_login(city.filer_finance)
    page = reverse("casework:case", args=[case["id"]])
    assert withdraw_url in client.get(page).content.decode()

    complete(city.approver, only_task(city.approver, "sign")["id"], "approve")

    response = client.get(page)
    assert response.status_code == 200
    assert withdraw_url not in response.content.decode()


def test_withdrawing_while_verifying_ends_the_case_and_tells_only_who_holds_a_step(city):
    case = file_appeal(city).json()
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    assert only_task(city.verifier_market, "verify")
    reason = "已与提供单位协商一致，撤回申诉。"

    response = client_for(city.filer_finance).post(
        f"/api/v1/cases/{case['id']}/withdraw/", {"reason": reason}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["state"] == "withdrawn"
    assert response.json()["open_tasks"] == []
    assert response.json()["closed_at"]
    assert inbox(city.verifier_market) == []
    assert CreditRecord.objects.get(pk=city.record.pk).state == "active"
    # the record's own history says who cleared the dispute, why, and through which case
    cleared = RecordEvent.objects.get(record=city.record, from_state="disputed")
    assert (cleared.to_state, cleared.by, cleared.reason, cleared.case_number) == (
        "active",
        city.filer_finance,
        reason,
        case["number"],
    )
    row = CaseEvent.objects.get(case_id=case["id"], action="withdraw")
    assert (row.step, row.by, row.comment, row.event) == (
        "withdraw",
        city.filer_finance,
        reason,
        "withdrawn",
    )
    # the verifier holding the open step hears it; the reviewer whose step is done does not
    with translation.override("zh-hans"):
        subject = str(CASE_WITHDRAWN_SUBJECT) % {"case": case["number"]}
    told = Notification.objects.filter(case_id=case["id"], subject=subject)
    assert [(n.recipient, n.body) for n in told] == [(city.verifier_market, reason)]


def test_only_the_filer_withdraws_and_the_others_are_told_so(city):
    case = file_appeal(city).json()

    response = client_for(city.reviewer).post(
        f"/api/v1/cases/{case['id']}/withdraw/", {"reason": "撤回"}, format="json"
    )

    assert response.status_code == 403
    with translation.override("zh-hans"):
        assert response.json()["detail"] == str(ONLY_FILER_WITHDRAWS)
    assert Appeal.objects.get(pk=case["id"]).state == AppealState.FILED
    assert not CaseEvent.objects.filter(action="withdraw").exists()


def test_withdrawing_one_case_leaves_the_others_steps_open(city):
    withdrawn = file_appeal(city).json()
    other = file_appeal(city, record=_second_record(city).pk).json()

    response = client_for(city.filer_finance).post(
        f"/api/v1/cases/{withdrawn['id']}/withdraw/", {"reason": "撤回"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert [t["case"] for t in inbox(city.reviewer)] == [other["id"]]
    assert (
        complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept").status_code
        == 200
    )
