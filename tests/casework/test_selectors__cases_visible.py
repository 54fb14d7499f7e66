"""Who sees a case (cases_visible_to): its filing department and its subject's department, each on
its own; nobody else of another department; nobody at all when not logged in (on the probe
process)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from workflows.casework.models import Case
from workflows.casework.selectors import cases_visible_to

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _filed(town) -> int:
    response = client_for(town.filer).post(
        "/api/v1/probes/", {"subject": town.subject.pk, "note": "probe note"}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


def _listed(user) -> list[int]:
    response = client_for(user).get("/api/v1/cases/")
    assert response.status_code == 200, response.content
    return [c["id"] for c in response.json()["results"]]


def test_the_filing_department_and_the_subjects_department_each_see_the_case(town):
    """Every process today files on the filer's own subjects (or, for the credit office, has the
    subject's department work a step), so both branches usually agree; each must hold alone."""
    case_id = _filed(town)
    # filed by housing on finance's subject, and no step worked by either
    Case.objects.filter(pk=case_id).update(filing_department=town.housing)

    assert _listed(town.filer) == [case_id]  # the subject's department (finance)
    assert _listed(town.filer_housing) == [case_id]  # the filing department
    assert _listed(town.inspector) == []  # a third department


def test_nobody_logged_out_sees_a_case(town):
    _filed(town)

    assert list(cases_visible_to(AnonymousUser())) == []
