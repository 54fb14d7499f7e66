"""Fixtures of the appeal tests: a small city with the roles an appeal needs."""

import pytest
from django.contrib.auth.models import Group

from workflows.organization.models import Department
from workflows.organization.uscc import uscc_complete
from workflows.records.models import CreditRecord, Subject
from workflows.records.services import record_create


def _department(code, name, serial, **extra):
    uscc = uscc_complete(f"11321200{serial:09d}")
    return Department.objects.create(code=code, name=name, uscc=uscc, **extra)


def _user(django_user_model, username, department, *roles, leader=None):
    user = django_user_model.objects.create_user(
        username=username, password="demo", department=department, leader=leader
    )
    for role in roles:
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
    return user


class City:
    """The departments and users of one appeal journey."""


@pytest.fixture
def city(db, django_user_model):
    c = City()
    c.office = _department("credit-office", "市信用办", 1, is_credit_office=True)
    c.finance = _department("finance", "市财政局", 2)
    c.market = _department("market", "市市场监管局", 3)
    c.approver = _user(django_user_model, "approver", c.office, "approver")
    c.reviewer = _user(django_user_model, "reviewer", c.office, "reviewer", leader=c.approver)
    c.supervisor = _user(django_user_model, "supervisor", c.office, "supervisor")
    c.leader_market = _user(django_user_model, "leader_market", c.market, "approver")
    c.filer_finance = _user(django_user_model, "filer_finance", c.finance, "filer")
    c.filer_market = _user(django_user_model, "filer_market", c.market, "filer")
    c.verifier_market = _user(
        django_user_model, "verifier_market", c.market, "verifier", leader=c.leader_market
    )
    c.verifier_finance = _user(django_user_model, "verifier_finance", c.finance, "verifier")
    c.subject = Subject.objects.create(
        kind="body", name="泰州市财政局", uscc=c.finance.uscc, department=c.finance
    )
    c.record = record_create(
        subject=c.subject,
        category="dishonesty",
        severity="general",
        source="penalty",
        summary="未按合同约定期限支付工程款，被市场监管部门处罚。",
        occurred_on=__import__("datetime").date(2026, 3, 2),
        provider=c.market,
        document_number="泰市监罚〔2026〕8号",
    )
    return c


@pytest.fixture
def fresh_record():
    def read(record):
        return CreditRecord.objects.get(pk=record.pk)

    return read
