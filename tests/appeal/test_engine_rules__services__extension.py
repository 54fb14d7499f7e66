"""One extension per step, of at most the policy's longest extension (domain.md §5)."""

import datetime

import pytest
from django.utils import timezone

from tests.appeal.helpers import client_for, file_appeal, only_task
from workflows.casework.deadlines import step_policy
from workflows.casework.models import CaseEvent, CaseTask
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
    assert response.json()["errors"]
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
    assert "days" in response.json()["errors"]
    case_task = CaseTask.objects.get(pk=task["id"])
    assert case_task.extended_days == 0
    assert case_task.due_at == _due(policy.limit_days)
    assert not CaseEvent.objects.filter(action="extend").exists()
