"""One extension per step, of at most the policy's longest extension (domain.md §5)."""

import datetime

import pytest
from django.utils import timezone, translation

from tests.appeal.helpers import client_for, complete, file_appeal, only_task
from workflows.casework.deadlines import step_policy
from workflows.casework.models import CaseEvent, CaseTask
from workflows.casework.services import (
    EXTENSION_NOT_ALLOWED,
    EXTENSION_ONCE,
    EXTENSION_TOO_LONG,
    TASK_NOT_OPEN,
)
from workflows.workdays.due_dates import add_workdays, end_of_day

pytestmark = pytest.mark.django_db


def _accept_task(city):
    file_appeal(city)
    return only_task(city.reviewer, "accept")


def _extend(city, task, days):
    return client_for(city.approver).post(
        f"/api/v1/tasks/{task['id']}/extend/", {"days": days, "reason": "案情复杂"}, format="json"
    )


def _due(days: int) -> datetime.datetime:
    return end_of_day(add_workdays(timezone.localdate(), days).due)


def test_a_second_extension_after_a_one_day_first_is_refused(city):
    task = _accept_task(city)
    limit = step_policy("appeal", "accept").limit_days

    assert _extend(city, task, 1).status_code == 200
    response = _extend(city, task, 1)

    assert response.status_code == 400
    with translation.override("zh-hans"):
        assert response.json()["errors"]["non_field_errors"] == [str(EXTENSION_ONCE)]
    case_task = CaseTask.objects.get(pk=task["id"])
    assert case_task.extended_days == 1
    assert case_task.due_at == _due(limit + 1)
    assert CaseEvent.objects.filter(action="extend").count() == 1


def test_exactly_the_longest_extension_is_granted(city):
    task = _accept_task(city)
    policy = step_policy("appeal", "accept")

    response = _extend(city, task, policy.max_extension_days)

    assert response.status_code == 200, response.content
    case_task = CaseTask.objects.get(pk=task["id"])
    assert case_task.extended_days == policy.max_extension_days
    assert case_task.due_at == _due(policy.limit_days + policy.max_extension_days)


@pytest.mark.parametrize("days", ["longest+1", 0])
def test_one_day_past_the_longest_or_zero_days_is_refused(city, days):
    task = _accept_task(city)
    policy = step_policy("appeal", "accept")
    days = policy.max_extension_days + 1 if days == "longest+1" else days

    response = _extend(city, task, days)

    assert response.status_code == 400
    with translation.override("zh-hans"):
        longest = str(EXTENSION_TOO_LONG) % {"max": policy.max_extension_days}
    assert response.json()["errors"]["days"] == [longest]
    case_task = CaseTask.objects.get(pk=task["id"])
    assert case_task.extended_days == 0
    assert case_task.due_at == _due(policy.limit_days)
    assert not CaseEvent.objects.filter(action="extend").exists()


def test_the_extension_is_in_the_case_history_with_its_reason(city):
    task = _accept_task(city)

    assert _extend(city, task, 2).status_code == 200

    row = CaseEvent.objects.get(action="extend")
    assert (row.step, row.by, row.comment, row.event, row.params) == (
        "accept",
        city.approver,
        "案情复杂",
        "extended",
        {"days": 2},
    )
    history = client_for(city.filer_finance).get(f"/api/v1/cases/{task['case']}/").json()
    assert [
        (h["step"], h["by"], h["comment"]) for h in history["history"] if h["action"] == "extend"
    ] == [("accept", "approver", "案情复杂")]


def test_only_the_steps_approver_extends_and_the_others_are_told_so(city):
    task = _accept_task(city)

    response = client_for(city.reviewer).post(
        f"/api/v1/tasks/{task['id']}/extend/", {"days": 2, "reason": "案情复杂"}, format="json"
    )

    assert response.status_code == 403
    with translation.override("zh-hans"):
        assert response.json()["detail"] == str(EXTENSION_NOT_ALLOWED)
    assert CaseTask.objects.get(pk=task["id"]).extended_days == 0
    assert not CaseEvent.objects.filter(action="extend").exists()


def test_a_completed_step_cannot_be_extended(city):
    task = _accept_task(city)
    assert complete(city.reviewer, task["id"], "accept").status_code == 200

    response = _extend(city, task, 2)

    assert response.status_code == 409
    with translation.override("zh-hans"):
        assert response.json()["detail"] == str(TASK_NOT_OPEN)
    assert CaseTask.objects.get(pk=task["id"]).extended_days == 0
    assert not CaseEvent.objects.filter(action="extend").exists()


def test_a_supervisor_extends_a_step_of_any_department(city):
    file_appeal(city)
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    verify = only_task(city.verifier_market, "verify")  # the market department's step

    response = client_for(city.supervisor).post(
        f"/api/v1/tasks/{verify['id']}/extend/", {"days": 1, "reason": "案情复杂"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert CaseTask.objects.get(pk=verify["id"]).extended_days == 1


@pytest.mark.parametrize(
    ("who", "step", "status"),
    [
        ("leader_market", "verify", 200),  # the approver of the department working the step
        ("approver", "verify", 200),  # the credit office's approver answers for every step
        ("leader_market", "accept", 403),  # another department's step
        ("verifier_market", "verify", 403),  # works the step, does not approve it
    ],
)
def test_who_approves_an_extension(city, who, step, status):
    file_appeal(city)
    if step == "verify":
        complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    task = CaseTask.objects.get(step=step, is_open=True)

    response = client_for(getattr(city, who)).post(
        f"/api/v1/tasks/{task.pk}/extend/", {"days": 1, "reason": "案情复杂"}, format="json"
    )

    assert response.status_code == status, response.content
    assert CaseTask.objects.get(pk=task.pk).extended_days == (1 if status == 200 else 0)
