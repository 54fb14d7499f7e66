"""Who sees a case (cases_visible_to): its filing department and its subject's department, each on
its own; nobody else of another department; nobody at all when not logged in (on the probe
process)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from workflows.casework.models import Case, CaseTask
from workflows.casework.selectors import (
    cases_visible_to,
    user_may_take,
    user_sees_as_provider_only,
)

from .conftest import client_for, file_probe

pytestmark = pytest.mark.django_db


def _filed(town) -> int:
    return file_probe(town)["id"]


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


def test_a_logged_out_user_sees_no_case_takes_no_step_and_gets_the_limited_view(town):
    """The selectors answer for anyone, even a request whose login has lapsed: nothing to see."""
    case = Case.objects.get(pk=_filed(town))
    intake = CaseTask.objects.get(
        case=case, step="intake"
    )  # joint steps: test_selectors__joint_step
    nobody = AnonymousUser()

    assert list(cases_visible_to(nobody)) == []
    assert user_may_take(nobody, intake) is False
    assert user_sees_as_provider_only(nobody, case) is True
