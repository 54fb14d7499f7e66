"""A small city for the repair tests: the credit office, the subject's department (finance) and the
department that made the finding (market), with the roles a repair needs."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from workflows.organization.models import Department
from workflows.organization.uscc import uscc_complete
from workflows.records.models import CreditRecord, Subject
from workflows.records.services import record_create, record_edit

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
SIGNED = b"%PDF-1.4\n% signed credit commitment letter\n%%EOF\n"


def at(month, day, hour=10, year=2026):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=SHANGHAI)


class City:
    pass


def _department(code, name, serial, **extra):
    return Department.objects.create(
        code=code, name=name, uscc=uscc_complete(f"11321200{serial:09d}"), **extra
    )


@pytest.fixture
def city(db, django_user_model):
    c = City()
    c.office = _department("credit-office", "市信用办", 1, is_credit_office=True)
    c.finance = _department("finance", "市财政局", 2)
    c.market = _department("market", "市市场监管局", 3)

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
    c.verifier_credit = user("verifier_credit", c.office, "verifier", leader=c.approver)
    c.leader_market = user("leader_market", c.market, "approver")
    c.verifier_market = user("verifier_market", c.market, "verifier", leader=c.leader_market)
    c.filer_market = user("filer_market", c.market, "filer")
    c.filer = user("filer_finance", c.finance, "filer")
    c.subject = Subject.objects.create(
        kind="body", name="泰州市财政局", uscc=c.finance.uscc, department=c.finance
    )
    return c


def make_record(
    city,
    *,
    severity="general",
    publicity_start=datetime.date(2026, 8, 2),
    obligations_met=True,
    category="dishonesty",
    **changes,
) -> CreditRecord:
    """A record of finance's subject, provided by market, its obligations recorded as met (the
    records service an accepted rectification will call) unless told otherwise."""
    record = record_create(
        subject=city.subject,
        category=category,
        severity=severity if category == "dishonesty" else "",
        source="penalty",
        summary="未按合同约定期限支付工程款，被市场监管部门处罚，罚款已缴清。",
        occurred_on=publicity_start - datetime.timedelta(days=5),
        provider=city.market,
        publicity_start=publicity_start,
        document_number="泰市监罚〔2026〕8号",
    )
    if obligations_met or changes:
        record = record_edit(
            record=record,
            by=city.reviewer,
            reason="测试",
            obligations_met=obligations_met,
            **changes,
        )
    return record


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def signed_letter():
    return SimpleUploadedFile("承诺书.pdf", SIGNED, content_type="application/pdf")


def file_repair(user, record, *, commitment=True, **fields):
    data = {"record": record.pk, **fields}
    if commitment:
        data["commitment"] = signed_letter()
    return client_for(user).post("/api/v1/repairs/", data, format="multipart")


def inbox(user) -> list[dict]:
    response = client_for(user).get("/api/v1/tasks/")
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
