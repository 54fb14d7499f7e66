"""factory_boy factories for departments, users (with roles), subjects and credit records."""

import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from workflows.organization.models import Department, DepartmentKind, User
from workflows.organization.roles import Role
from workflows.organization.uscc import uscc_complete
from workflows.records.models import Category, CreditRecord, Severity, Source, Subject, SubjectKind


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept-{n}")
    name = factory.Sequence(lambda n: f"泰州市测试局{n}")
    kind = DepartmentKind.DEPARTMENT
    uscc = factory.Sequence(lambda n: uscc_complete(f"11321200{n:09d}"))
    issuer_code = "泰测"

    class Params:
        credit_office = factory.Trait(
            code="credit-office",
            name="泰州市经济和信息化委员会（市信用办）",
            is_credit_office=True,
            issuer_code="泰信",
        )


class UserFactory(DjangoModelFactory):
    """UserFactory(roles=[Role.FILER]) puts the user in the role groups."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "王"
    first_name = factory.Sequence(lambda n: f"测试{n}")
    department = factory.SubFactory(DepartmentFactory)
    password = factory.django.Password("demo")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role | str] | None, **kwargs) -> None:
        if not create or not extracted:
            return
        self.groups.add(*(Group.objects.get_or_create(name=str(role))[0] for role in extracted))
        self.__dict__.pop("_role_cache", None)


class SubjectFactory(DjangoModelFactory):
    class Meta:
        model = Subject

    kind = SubjectKind.BODY
    name = factory.Sequence(lambda n: f"泰州市测试单位{n}")
    # division 321202, so never equal to a DepartmentFactory code
    uscc = factory.Sequence(lambda n: uscc_complete(f"11321202{n:09d}"))
    department = factory.SubFactory(DepartmentFactory)

    class Params:
        person = factory.Trait(
            kind=SubjectKind.PERSON, uscc="", name=factory.Sequence(lambda n: f"公务员{n}")
        )


class CreditRecordFactory(DjangoModelFactory):
    """Created through records.services.record_create, so the history row exists."""

    class Meta:
        model = CreditRecord

    subject = factory.SubFactory(SubjectFactory)
    category = Category.DISHONESTY
    severity = Severity.GENERAL
    source = Source.PENALTY
    summary = factory.Sequence(lambda n: f"测试失信记录{n}：未按期履行法定职责。")
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    publicity_start = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=20)
    )
    provider = factory.SelfAttribute("subject.department")
    document_number = factory.Sequence(lambda n: f"泰测罚〔2026〕{n + 1}号")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from workflows.records.services import record_create

        return record_create(**kwargs)
