"""Reassigning a task (domain.md §3: leaders and supervisors reassign): who may, to whom — named by
username or by id —, what the new and the old holder may then do, and the history row it writes
(on the probe process)."""

import pytest
from django.utils import translation

from workflows.casework.models import CaseEvent, CaseTask
from workflows.casework.services import ONLY_LEADERS_REASSIGN, TASK_NOT_OPEN

from .conftest import client_for, complete, task_of

pytestmark = pytest.mark.django_db


def _file(town) -> dict:
    response = client_for(town.filer).post(
        "/api/v1/probes/", {"subject": town.subject.pk, "note": "probe note"}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def _reassign(by, task_id, assignee):
    return client_for(by).post(
        f"/api/v1/tasks/{task_id}/reassign/", {"assignee": assignee}, format="json"
    )


def _zh(message) -> str:
    with translation.override("zh-hans"):
        return str(message)


def test_a_claimed_task_goes_to_the_new_holder_and_leaves_the_old_one(town):
    case = _file(town)
    task = task_of(town.reviewer2, "intake")
    assert client_for(town.reviewer2).post(f"/api/v1/tasks/{task['id']}/claim/").status_code == 200

    response = _reassign(town.supervisor, task["id"], "reviewer")

    assert response.status_code == 200, response.content
    assert response.json()["assignee"] == "reviewer"
    # the old holder may no longer complete it; the new one does
    assert complete(town.reviewer2, task["id"], "accept").status_code == 409
    assert complete(town.reviewer, task["id"], "accept").status_code == 200
    row = CaseEvent.objects.get(action="reassign")
    assert (row.case_id, row.step, row.by, row.event) == (
        case["id"],
        "intake",
        town.supervisor,
        "reassigned",
    )
    assert row.comment == str(town.reviewer)
    assert row.params == {"assignee": "reviewer"}
    history = client_for(town.filer).get(f"/api/v1/cases/{case['id']}/").json()["history"]
    reassigned = [h for h in history if h["action"] == "reassign"]
    assert [(h["step"], h["by"], h["comment"]) for h in reassigned] == [
        ("intake", "supervisor", str(town.reviewer))
    ]


def test_the_assignee_may_be_named_by_its_id(town):
    _file(town)
    task = task_of(town.reviewer, "intake")

    response = _reassign(town.supervisor, task["id"], str(town.reviewer2.pk))

    assert response.status_code == 200, response.content
    assert CaseTask.objects.get(pk=task["id"]).claimed_by == town.reviewer2


def test_an_id_of_18_digits_names_its_user(town, django_user_model):
    from django.contrib.auth.models import Group

    far = django_user_model.objects.create_user(
        id=10**17, username="reviewer_far", password="demo", department=town.office
    )
    far.groups.add(Group.objects.get(name="reviewer"))
    _file(town)
    task = task_of(town.reviewer, "intake")

    response = _reassign(town.supervisor, task["id"], str(10**17))

    assert response.status_code == 200, response.content
    assert response.json()["assignee"] == "reviewer_far"


@pytest.mark.parametrize(
    "assignee",
    [
        "",
        "nobody",  # no such username, and not a number
        "filer_finance",  # not a holder of the step's role in its department
        "²",  # a digit to isdigit(), not to int()
        "9" * 19,  # past any 64-bit id
        "1" + "0" * 18,  # 19 digits, the id of reviewer_far: not read as an id
    ],
)
def test_an_assignee_who_is_not_an_eligible_user_is_400_and_nothing_changes(
    town, django_user_model, assignee
):
    from django.contrib.auth.models import Group

    # a reviewer whose id has 19 digits: the API reads at most 18 digits as a number
    # (workflows.api.pagination.is_whole_number), so it is not named by its id
    far = django_user_model.objects.create_user(
        id=10**18, username="reviewer_far", password="demo", department=town.office
    )
    far.groups.add(Group.objects.get(name="reviewer"))
    _file(town)
    task = task_of(town.reviewer, "intake")

    response = _reassign(town.supervisor, task["id"], assignee)

    assert response.status_code == 400, response.content
    assert "assignee" in response.json()["errors"]
    assert CaseTask.objects.get(pk=task["id"]).claimed_by is None
    assert not CaseEvent.objects.filter(action="reassign").exists()


def test_a_reviewer_may_not_reassign_and_is_told_who_may(town):
    _file(town)
    task = task_of(town.reviewer, "intake")

    response = _reassign(town.reviewer, task["id"], "reviewer2")

    assert response.status_code == 403
    assert response.json()["detail"] == _zh(ONLY_LEADERS_REASSIGN)
    assert CaseTask.objects.get(pk=task["id"]).claimed_by is None


def test_a_completed_task_cannot_be_reassigned(town):
    _file(town)
    task = task_of(town.reviewer, "intake")
    assert complete(town.reviewer, task["id"], "accept").status_code == 200

    response = _reassign(town.supervisor, task["id"], "reviewer2")

    assert response.status_code == 409
    assert response.json()["detail"] == _zh(TASK_NOT_OPEN)
    assert CaseTask.objects.get(pk=task["id"]).claimed_by == town.reviewer
    assert not CaseEvent.objects.filter(action="reassign").exists()


def test_an_administrator_reassigns_a_task(town, django_user_model):
    admin = django_user_model.objects.create_user(
        username="admin", password="demo", is_staff=True, is_superuser=True
    )
    _file(town)
    task = task_of(town.reviewer, "intake")

    response = _reassign(admin, task["id"], "reviewer2")

    assert response.status_code == 200, response.content
    assert CaseTask.objects.get(pk=task["id"]).claimed_by == town.reviewer2
    assert CaseEvent.objects.get(action="reassign").by == admin


def test_a_departments_leader_reassigns_its_own_departments_tasks_only(town):
    _file(town)
    intake = task_of(town.reviewer, "intake")  # a credit office step
    assert _reassign(town.approver, intake["id"], "reviewer2").status_code == 200
    assert complete(town.reviewer2, intake["id"], "accept").status_code == 200
    work = task_of(town.filer, "work")  # the finance department's step

    response = _reassign(town.approver, work["id"], "filer_finance")

    assert response.status_code == 403
    assert CaseTask.objects.get(pk=work["id"]).claimed_by is None
    assert CaseEvent.objects.filter(action="reassign").count() == 1
