"""Departments and users of the registry tests: two departments and the credit office."""

import pytest

from tests.factories import DepartmentFactory, UserFactory
from workflows.organization.roles import Role


@pytest.fixture
def finance(db):
    return DepartmentFactory(code="finance", name="泰州市财政局")


@pytest.fixture
def housing(db):
    return DepartmentFactory(code="housing", name="泰州市住房和城乡建设局")


@pytest.fixture
def credit_office(db):
    return DepartmentFactory(credit_office=True)


@pytest.fixture
def finance_filer(finance):
    return UserFactory(username="filer_finance", department=finance, roles=[Role.FILER])


@pytest.fixture
def housing_verifier(housing):
    return UserFactory(username="verifier_housing", department=housing, roles=[Role.VERIFIER])


@pytest.fixture
def reviewer(credit_office):
    return UserFactory(username="reviewer", department=credit_office, roles=[Role.REVIEWER])
