"""Only holders of the step's role in the step's department may claim or work a task."""

import pytest

from tests.appeal.helpers import client_for, complete, file_appeal, only_task
from workflows.appeal.models import Appeal
from workflows.casework.models import CaseTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def verify_task(city):
    """The market department's verify task of a case the finance department filed (and sees)."""
    case = file_appeal(city).json()
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    task = only_task(city.verifier_market, "verify")
    return case, task


def test_a_verifier_of_another_department_cannot_claim_the_verify_task(city, verify_task):
    _case, task = verify_task

    response = client_for(city.verifier_finance).post(f"/api/v1/tasks/{task['id']}/claim/")

    assert response.status_code == 403
    assert CaseTask.objects.get(pk=task["id"]).claimed_by is None


def test_a_verifier_of_another_department_cannot_complete_the_verify_task(city, verify_task):
    case, task = verify_task

    response = complete(
        city.verifier_finance, task["id"], "confirm_correct", finding="经核实，记录无误。"
    )

    assert response.status_code == 403
    case_task = CaseTask.objects.get(pk=task["id"])
    assert case_task.is_open
    assert case_task.claimed_by is None
    assert Appeal.objects.get(pk=case["id"]).state == "verifying"


def test_the_other_departments_verifier_never_sees_it_in_the_inbox(city, verify_task):
    _case, task = verify_task
    response = client_for(city.verifier_finance).get("/api/v1/tasks/")
    assert task["id"] not in [t["id"] for t in response.json()["results"]]


def test_a_verifier_of_another_department_is_not_an_eligible_assignee(city, verify_task):
    _case, task = verify_task

    response = client_for(city.supervisor).post(
        f"/api/v1/tasks/{task['id']}/reassign/", {"assignee": "verifier_finance"}, format="json"
    )

    assert response.status_code == 400
    assert "assignee" in response.json()["errors"]
    assert CaseTask.objects.get(pk=task["id"]).claimed_by is None
