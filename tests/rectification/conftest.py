"""A small city for rectification journeys: the credit office, the subject's department, another
department and discipline inspection, with the users the demo has."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from workflows.organization.models import Department
from workflows.organization.uscc import uscc_complete
from workflows.records.models import Subject
from workflows.records.services import record_create

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month, day, hour=10, year=2026):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=SHANGHAI)


class City:
    pass


def _department(code, name, serial, **extra):
    return Department.objects.create(
        code=code, name=name, uscc=uscc_complete(f"11321200{serial:09d}"), **extra
    )


@pytest.fixture
def city(db, django_user_model, time_machine):
    time_machine.move_to(at(11, 2))  # Monday 2 November 2026
    c = City()
    c.office = _department("credit-office", "市信用办", 1, is_credit_office=True)
    c.finance = _department("finance", "市财政局", 2)
    c.housing = _department("housing", "市住建局", 3)
    c.inspection = _department("inspection", "市纪委监委", 4)

    def user(username, department, *roles, leader=None):
        u = django_user_model.objects.create_user(
            username=username, password="demo", department=department, leader=leader
        )
        for role in roles:
            u.groups.add(Group.objects.get_or_create(name=role)[0])
        return u

    c.approver = user("approver", c.office, "approver")
    c.reviewer = user("reviewer", c.office, "reviewer", leader=c.approver)
    c.supervisor = user("supervisor", c.office, "supervisor")
    c.verifier_credit = user("verifier_credit", c.office, "verifier")
    c.inspector = user("inspector", c.inspection, "inspector")
    c.leader_finance = user("leader_finance", c.finance, "approver")
    c.filer = user("filer_finance", c.finance, "filer", leader=c.leader_finance)
    c.filer_housing = user("filer_housing", c.housing, "filer")
    c.subject = Subject.objects.create(
        kind="body",
        name="泰州市财政局",
        uscc=c.finance.uscc,
        department=c.finance,
        person_in_charge="李明",
    )
    c.person = Subject.objects.create(kind="person", name="张三", department=c.finance)

    def record(subject=None, **extra):
        values = {
            "subject": subject or c.subject,
            "category": "dishonesty",
            "severity": "general",
            "source": "judgment",
            "summary": "未履行（2026）苏12民初9号民事判决确定的付款义务。",
            "occurred_on": datetime.date(2026, 3, 2),
            "provider": c.housing,
            "document_number": "（2026）苏12民初9号",
            **extra,
        }
        return record_create(**values)

    c.make_record = record
    c.record = record()
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


def issue(city, *, by=None, record=None, **fields):
    payload = {
        "record": (record or city.record).pk,
        "required_measures": "一、履行判决确定的义务；二、健全合同管理制度。",
        **fields,
    }
    return client_for(by or city.reviewer).post("/api/v1/rectifications/", payload, format="json")
