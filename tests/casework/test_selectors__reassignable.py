"""Which open tasks a user may hand on ("To reassign", the inbox's team tab): every one for a
supervisor, its own department's for a leader (an approver), none for anyone else; a joint step
has no single holder to replace and is never listed (on the probe process)."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse

from workflows.casework.models import CaseTask
from workflows.casework.selectors import tasks_reassignable_by

from .conftest import client_for, complete, task_of

pytestmark = pytest.mark.django_db


def _file(town) -> dict:
    response = client_for(town.filer).post(
        "/api/v1/probes/", {"subject": town.subject.pk, "note": "probe note"}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def _team_tab(client, user) -> list[str]:
    """The case numbers of the rows of the user's "To reassign" tab, in page order."""
    client.force_login(user)
    page = client.get(reverse("casework:inbox"), {"tab": "team"}).content.decode()
    assert 'href="?tab=team"' in page
    return re.findall(r'class="case-number"[^>]*>([^<]+)<', page)


@pytest.fixture
def three_cases(town) -> dict:
    """One case at each kind of step: the credit office's intake, the finance department's work
    step, and the joint consult step (the reviewer's and the inspector's opinions)."""
    at_intake = _file(town)
    at_work = _file(town)
    at_consult = _file(town)
    for case in (at_work, at_consult):
        intake = CaseTask.objects.get(case_id=case["id"], step="intake")
        assert complete(town.reviewer, intake.pk, "accept").status_code == 200
    work = CaseTask.objects.get(case_id=at_consult["id"], step="work")
    assert complete(town.filer, work.pk, "done").status_code == 200
    # the consult step is open, and in the reviewer's inbox
    assert task_of(town.reviewer, "consult")["case_number"] == at_consult["number"]
    return {
        "intake": at_intake["number"],
        "work": at_work["number"],
        "consult": at_consult["number"],
    }


def test_a_supervisor_is_offered_every_open_task_but_the_joint_step(town, client, three_cases):
    listed = _team_tab(client, town.supervisor)

    assert sorted(listed) == sorted([three_cases["intake"], three_cases["work"]])
    assert three_cases["consult"] not in listed


def test_a_leader_is_offered_its_own_departments_tasks_only(
    town, client, three_cases, django_user_model
):
    # the credit office's leader: the intake step, not the finance department's work step
    assert _team_tab(client, town.approver) == [three_cases["intake"]]

    # the finance department's leader: its work step, nothing of the credit office's
    finance_leader = django_user_model.objects.create_user(
        username="approver_finance", password="demo", department=town.finance
    )
    finance_leader.groups.add(Group.objects.get(name="approver"))
    assert _team_tab(client, finance_leader) == [three_cases["work"]]


def test_nobody_else_has_tasks_to_reassign(town, three_cases, django_user_model):
    # the inbox does not offer them the tab; the list itself is empty too, so no other page or
    # endpoint that reads it can offer a reviewer its colleagues' tasks
    department_less_leader = django_user_model.objects.create_user(username="lone", password="x")
    department_less_leader.groups.add(Group.objects.get(name="approver"))

    assert list(tasks_reassignable_by(town.reviewer)) == []
    assert list(tasks_reassignable_by(town.filer)) == []
    assert list(tasks_reassignable_by(department_less_leader)) == []
    assert list(tasks_reassignable_by(AnonymousUser())) == []
