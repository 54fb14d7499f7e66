"""A joint step belongs to its participants: each participant's role in the participant's
department. A holder of the same role in another department neither finds it in the inbox nor
may answer it, and taking part in one case's joint step shows that case only (on the probe
process: the consult step asks the credit office's reviewers and the inspection department's
inspectors)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from workflows.casework.models import CaseTask, TaskParticipant
from workflows.casework.selectors import user_may_take

from .conftest import client_for, complete, file_probe, inbox, task_of

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _file(town) -> int:
    return file_probe(town)["id"]


def _at_consult(town) -> int:
    case_id = _file(town)
    intake = [t for t in inbox(town.reviewer) if t["case"] == case_id][0]
    assert complete(town.reviewer, intake["id"], "accept").status_code == 200
    assert complete(town.filer, task_of(town.filer, "work")["id"], "done").status_code == 200
    return case_id


@pytest.fixture
def housing_inspector(town, django_user_model):
    user = django_user_model.objects.create_user(
        username="inspector_housing", password="demo", department=town.housing
    )
    user.groups.add(Group.objects.get_or_create(name="inspector")[0])
    return user


def test_only_the_participants_department_finds_and_answers_the_joint_step(
    town, housing_inspector, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI))
    _at_consult(town)
    consult = task_of(town.inspector, "consult")

    assert inbox(housing_inspector) == []
    response = complete(
        housing_inspector, consult["id"], "opinion", outcome="agree", reasons="同意"
    )
    assert response.status_code == 404  # not a case it may see
    assert not TaskParticipant.objects.filter(answered_at__isnull=False).exists()


def test_a_participant_department_sees_the_case_it_is_asked_on_and_no_other(town, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI))
    consulted = _at_consult(town)
    _file(town)  # another case of the same subject, not (yet) at its joint step

    listed = client_for(town.inspector).get("/api/v1/cases/").json()["results"]

    assert [c["id"] for c in listed] == [consulted]


def test_a_logged_out_user_takes_no_joint_step(town, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI))
    _at_consult(town)
    consult = CaseTask.objects.get(pk=task_of(town.inspector, "consult")["id"])

    assert user_may_take(AnonymousUser(), consult) is False
    assert user_may_take(town.inspector, consult) is True
