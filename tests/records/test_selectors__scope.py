"""A department sees its own subjects and the subjects of records it provided, nothing more."""

import pytest
from rest_framework.test import APIClient

from tests.factories import CreditRecordFactory, DepartmentFactory, SubjectFactory
from workflows.records.selectors import subjects_visible_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def third_party_subject(housing):
    """A housing subject whose only record was provided by a third department (market)."""
    market = DepartmentFactory(code="market", name="泰州市市场监督管理局")
    subject = SubjectFactory(department=housing)
    CreditRecordFactory(subject=subject, provider=market)
    return subject


def test_a_subject_recorded_only_by_a_third_department_stays_hidden(
    finance_filer, third_party_subject
):
    assert third_party_subject not in subjects_visible_to(finance_filer)

    client = APIClient()
    client.force_authenticate(finance_filer)
    assert client.get(f"/api/v1/subjects/{third_party_subject.pk}/").status_code == 404
    listed = client.get("/api/v1/subjects/").json()["results"]
    assert third_party_subject.pk not in [s["id"] for s in listed]
