"""steps.side_task_open: a task of another node opened next to an open task, which stays open
(the filer's supply_material; a rectification's extension review)."""

import pytest

from workflows.casework.models import CaseTask
from workflows.casework.steps import side_task_open

from .conftest import client_for, complete, inbox, task_of

pytestmark = pytest.mark.django_db


def test_a_side_task_opens_next_to_the_host_which_stays_open(town):
    case = client_for(town.filer).post(
        "/api/v1/probes/", {"subject": town.subject.pk, "note": "probe"}, format="json"
    )
    intake = CaseTask.objects.select_related("task", "case").get(step="intake")

    side_task_open(host=intake, node_name="chase")

    chase = task_of(town.supervisor, "chase")
    assert chase["case"] == case.json()["id"]
    assert [t["step"] for t in inbox(town.reviewer)] == ["intake"]
    # the side path ends by itself; the host goes on as before
    assert complete(town.supervisor, chase["id"], "chase", comment="催办").status_code == 200
    assert inbox(town.supervisor) == []
    accepted = complete(town.reviewer, task_of(town.reviewer, "intake")["id"], "accept")
    assert accepted.status_code == 200
    assert [t["step"] for t in accepted.json()["open_tasks"]] == ["work"]
