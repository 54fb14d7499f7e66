"""A small city for the supervision tests: the credit office, two departments, their leaders.

Copied (and extended) from the appeal tests' `city`, so this package does not import theirs.
"""

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
GROUNDS = "该处罚决定已于2026年5月被复议机关撤销，记录所依据的事实不复存在，请予撤销。"


def at(month, day, hour=10, minute=0):
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


class City:
    pass


@pytest.fixture
def city(db, django_user_model):
    c = City()

    def department(code, name, serial, **extra):
        return Department.objects.create(
            code=code, name=name, uscc=uscc_complete(f"11321200{serial:09d}"), **extra
        )

    def user(username, dept, *roles, leader=None):
        u = django_user_model.objects.create_user(
            username=username, password="demo", department=dept, leader=leader
        )
        for role in roles:
            u.groups.add(Group.objects.get_or_create(name=role)[0])
        return u

    c.office = department("credit-office", "市信用办", 1, is_credit_office=True)
    c.finance = department("finance", "市财政局", 2)
    c.market = department("market", "市市场监管局", 3)
    c.approver = user("approver", c.office, "approver")
    c.reviewer = user("reviewer", c.office, "reviewer", leader=c.approver)
    c.supervisor = user("supervisor", c.office, "supervisor")
    c.leader_market = user("leader_market", c.market, "approver")
    c.leader_finance = user("leader_finance", c.finance, "approver")
    c.filer_finance = user("filer_finance", c.finance, "filer")
    c.verifier_market = user("verifier_market", c.market, "verifier", leader=c.leader_market)
    c.subject = Subject.objects.create(
        kind="body", name="泰州市财政局", uscc=c.finance.uscc, department=c.finance
    )
    c.person = Subject.objects.create(kind="person", name="张三", department=c.finance)
    return c


def make_record(city, *, severity="general", source="penalty", subject=None, **extra):
    return record_create(
        subject=subject or city.subject,
        category=extra.pop("category", "dishonesty"),
        severity=severity,
        source=source,
        summary=extra.pop("summary", "未按合同约定期限支付工程款，被市场监管部门处罚。"),
        occurred_on=extra.pop("occurred_on", datetime.date(2026, 3, 2)),
        provider=extra.pop("provider", city.market),
        document_number=extra.pop("document_number", "泰市监罚〔2026〕8号"),
        **extra,
    )


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def file_appeal(city, record):
    response = client_for(city.filer_finance).post(
        "/api/v1/appeals/",
        {
            "record": record.pk,
            "grounds": GROUNDS,
            "requested_outcome": "correct",
            "proposed_correction": "该处罚已被撤销。",
            "contact_phone": "0523-86888888",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def only_task(user, step, case=None):
    response = client_for(user).get("/api/v1/tasks/")
    assert response.status_code == 200, response.content
    tasks = [
        t
        for t in response.json()["results"]
        if t["step"] == step and (case is None or t["case"] == case)
    ]
    assert len(tasks) == 1, tasks
    return tasks[0]


def complete(user, task_id, action, **fields):
    response = client_for(user).post(
        f"/api/v1/tasks/{task_id}/complete/", {"action": action, **fields}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()
