"""Who sees which subjects and records: own department, provider, and the city-wide roles."""

import pytest
from django.http import Http404

from tests.factories import CreditRecordFactory, SubjectFactory, UserFactory
from workflows.organization.roles import Role
from workflows.records.selectors import (
    record_get_for_user,
    records_visible_to,
    subjects_visible_to,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(finance, housing):
    finance_subject = SubjectFactory(department=finance)
    housing_subject = SubjectFactory(department=housing)
    return {
        "finance_subject": finance_subject,
        "housing_subject": housing_subject,
        "own": CreditRecordFactory(subject=finance_subject, provider=finance),
        "about_finance_by_housing": CreditRecordFactory(subject=finance_subject, provider=housing),
        "housing_own": CreditRecordFactory(subject=housing_subject, provider=housing),
        "about_housing_by_finance": CreditRecordFactory(subject=housing_subject, provider=finance),
    }


def test_a_department_sees_records_about_its_subjects_and_those_it_provided(
    finance_filer, registry
):
    visible = set(records_visible_to(finance_filer))

    assert visible == {
        registry["own"],
        registry["about_finance_by_housing"],
        registry["about_housing_by_finance"],
    }


def test_the_providing_department_sees_the_record_it_provided(housing_verifier, registry):
    record = record_get_for_user(user=housing_verifier, pk=registry["about_finance_by_housing"].pk)

    assert record == registry["about_finance_by_housing"]


def test_another_departments_record_is_not_found(finance_filer, registry):
    with pytest.raises(Http404):
        record_get_for_user(user=finance_filer, pk=registry["housing_own"].pk)


def test_a_department_sees_its_subjects_and_the_subjects_of_records_it_provided(
    finance, finance_filer, registry
):
    other = SubjectFactory()

    visible = set(subjects_visible_to(finance_filer))

    assert registry["finance_subject"] in visible
    assert registry["housing_subject"] in visible
    assert other not in visible


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_city_wide_roles_see_every_record(role, registry, finance):
    user = UserFactory(department=finance, roles=[role])

    assert records_visible_to(user).count() == 4


def test_the_credit_office_sees_every_record(reviewer, registry):
    assert records_visible_to(reviewer).count() == 4


def test_a_user_without_department_sees_nothing(registry):
    user = UserFactory(department=None)

    assert not records_visible_to(user).exists()
    assert not subjects_visible_to(user).exists()


def test_a_non_numeric_id_is_not_found(reviewer):
    with pytest.raises(Http404):
        record_get_for_user(user=reviewer, pk="abc")


@pytest.mark.django_db
def test_an_honours_ban_bars_its_subject_only(reviewer):
    import datetime

    from workflows.records.selectors import subject_honours_banned_until
    from workflows.records.services import honours_ban_impose

    banned, neighbour = SubjectFactory(), SubjectFactory()
    honours_ban_impose(subject=banned, months=12, by=reviewer, starts_on=datetime.date(2026, 12, 1))

    on = datetime.date(2026, 12, 1)
    assert subject_honours_banned_until(banned, on) == datetime.date(2027, 11, 30)
    assert subject_honours_banned_until(neighbour, on) is None
