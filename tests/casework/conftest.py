"""A small city for the engine's tests: the credit office, one department, the inspection office."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from workflows.organization.models import Department
from workflows.organization.uscc import uscc_complete
from workflows.records.models import Subject


class City:
    pass


def _department(code, name, serial, **extra):
    return Department.objects.create(
        code=code, name=name, uscc=uscc_complete(f"11321200{serial:09d}"), **extra
    )


@pytest.fixture
def town(db, django_user_model):
    c = City()
    c.office = _department("credit-office", "市信用办", 1, is_credit_office=True)
    c.finance = _department("finance", "市财政局", 2)
    c.housing = _department("housing", "市住建局", 3)
    c.inspection = _department("inspection", "市纪委监委", 4)

    def user(username, department, *roles, leader=None):
        u = django_user_model.objects.create_user(
            username=username,
            password="demo",
            department=department,
            leader=leader,
            email=f"{username}@example.test",
        )
        for role in roles:
            u.groups.add(Group.objects.get_or_create(name=role)[0])
        return u

    c.approver = user("approver", c.office, "approver")
    c.reviewer = user("reviewer", c.office, "reviewer", leader=c.approver)
    c.reviewer2 = user("reviewer2", c.office, "reviewer", leader=c.approver)
    c.supervisor = user("supervisor", c.office, "supervisor")
    c.inspector = user("inspector", c.inspection, "inspector")
    c.filer = user("filer_finance", c.finance, "filer")
    c.filer_housing = user("filer_housing", c.housing, "filer")
    from workflows.documents.models import Clause

    for kind, text in (("basis", "探针依据。"), ("remedy", "探针救济。")):
        Clause.objects.create(doc_type="probe_decision", kind=kind, subject_kind="", text=text)
    c.subject = Subject.objects.create(
        kind="body", name="泰州市财政局", uscc=c.finance.uscc, department=c.finance
    )
    return c


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def inbox(user, **params) -> list[dict]:
    response = client_for(user).get("/api/v1/tasks/", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def task_of(user, step) -> dict:
    tasks = [t for t in inbox(user) if t["step"] == step]
    assert len(tasks) == 1, tasks
    return tasks[0]


def complete(user, task_id, action, **fields):
    return client_for(user).post(
        f"/api/v1/tasks/{task_id}/complete/", {"action": action, **fields}, format="json"
    )


def file_probe(town) -> dict:
    """A probe case filed by the finance filer on its own subject; the API's case shape."""
    response = client_for(town.filer).post(
        "/api/v1/probes/", {"subject": town.subject.pk, "note": "probe note"}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()
