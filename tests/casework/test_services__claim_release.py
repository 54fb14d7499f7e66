"""Claiming and releasing a task: each is a history row of the case (who, which step); only the
holder releases, and a task done can be neither claimed nor released — each refusal says why
(on the probe process)."""

import pytest
from django.utils import translation

from workflows.casework.models import CaseEvent, CaseTask
from workflows.casework.services import (
    NOT_CLAIMED_BY_YOU,
    NOT_IN_GROUP,
    TASK_CLAIMED_BY_OTHER,
    TASK_NOT_OPEN,
)

from .conftest import client_for, complete, file_probe, inbox, task_of

pytestmark = pytest.mark.django_db


def _post(user, task_id, what):
    return client_for(user).post(f"/api/v1/tasks/{task_id}/{what}/")


def _zh(message) -> str:
    with translation.override("zh-hans"):
        return str(message)


def test_claim_and_release_are_in_the_case_history(town):
    case = file_probe(town)
    task = task_of(town.reviewer, "intake")

    assert _post(town.reviewer, task["id"], "claim").status_code == 200
    assert _post(town.reviewer, task["id"], "release").status_code == 200

    rows = CaseEvent.objects.filter(case_id=case["id"], step="intake").order_by("id")
    assert [(r.action, r.by, r.event, r.comment) for r in rows] == [
        ("claim", town.reviewer, "claimed", ""),
        ("release", town.reviewer, "released", ""),
    ]
    history = client_for(town.filer).get(f"/api/v1/cases/{case['id']}/").json()["history"]
    assert [(h["step"], h["action"], h["by"]) for h in history if h["step"] == "intake"] == [
        ("intake", "claim", "reviewer"),
        ("intake", "release", "reviewer"),
    ]


def test_only_the_holder_releases_and_the_others_are_told_so(town):
    file_probe(town)
    task = task_of(town.reviewer, "intake")
    assert _post(town.reviewer, task["id"], "claim").status_code == 200

    response = _post(town.reviewer2, task["id"], "release")

    assert response.status_code == 403
    assert response.json()["detail"] == _zh(NOT_CLAIMED_BY_YOU)
    assert CaseTask.objects.get(pk=task["id"]).claimed_by == town.reviewer
    assert not CaseEvent.objects.filter(action="release").exists()


def test_a_task_done_cannot_be_claimed_or_released(town):
    file_probe(town)
    task = task_of(town.reviewer, "intake")
    assert complete(town.reviewer, task["id"], "accept").status_code == 200

    for what in ("claim", "release"):
        response = _post(town.reviewer, task["id"], what)
        assert response.status_code == 409, what
        assert response.json()["detail"] == _zh(TASK_NOT_OPEN), what
    assert not CaseEvent.objects.filter(action__in=["claim", "release"]).exists()


def test_a_task_claimed_by_another_is_refused_naming_its_holder(town):
    file_probe(town)
    task = task_of(town.reviewer, "intake")
    assert _post(town.reviewer, task["id"], "claim").status_code == 200

    response = _post(town.reviewer2, task["id"], "claim")

    assert response.status_code == 409
    assert response.json()["detail"] == _zh(TASK_CLAIMED_BY_OTHER) % {"user": town.reviewer}
    assert CaseTask.objects.get(pk=task["id"]).claimed_by == town.reviewer
    assert CaseEvent.objects.filter(action="claim").count() == 1


def test_a_step_action_that_keeps_the_step_open_claims_it_for_whoever_took_it(town):
    """Asking for material leaves intake open: it is the asker's now, shown as theirs, and another
    reviewer's action on it is refused naming the holder."""
    case = file_probe(town)
    task = task_of(town.reviewer, "intake")

    asked = complete(town.reviewer, task["id"], "request_material", missing="营业执照复印件")

    assert asked.status_code == 200, asked.content
    assert [(t["step"], t["assignee"]) for t in asked.json()["open_tasks"]] == [
        ("intake", "reviewer"),
        ("supply_material", None),
    ]
    assert [t["case"] for t in inbox(town.reviewer2)] == []
    response = complete(town.reviewer2, task["id"], "accept")
    assert response.status_code == 409
    assert response.json()["detail"] == _zh(TASK_CLAIMED_BY_OTHER) % {"user": town.reviewer}
    assert CaseEvent.objects.filter(case_id=case["id"], step="intake").count() == 1


def test_a_user_outside_the_steps_group_is_refused_and_told_why(town):
    case = file_probe(town)
    task = task_of(town.reviewer, "intake")

    response = complete(town.supervisor, task["id"], "accept")  # sees every case, not a reviewer

    assert response.status_code == 403
    assert response.json()["detail"] == _zh(NOT_IN_GROUP)
    assert not CaseEvent.objects.filter(case_id=case["id"], step="intake").exists()
