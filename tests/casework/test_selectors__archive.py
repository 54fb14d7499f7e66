"""The inbox's archive tab: the tasks the user completed — not a colleague's, not one still open
in the user's hands, not one cancelled under the user by a withdrawal (on the probe process)."""

import re

import pytest
from django.urls import reverse

from workflows.casework.models import CaseTask

from .conftest import client_for, complete

pytestmark = pytest.mark.django_db


def _file(town) -> dict:
    response = client_for(town.filer).post(
        "/api/v1/probes/", {"subject": town.subject.pk, "note": "probe note"}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def _task(case, step) -> CaseTask:
    return CaseTask.objects.get(case_id=case["id"], step=step)


def _archive(client, user) -> list[str]:
    """The case numbers of the rows of the user's archive tab, in page order."""
    client.force_login(user)
    page = client.get(reverse("casework:inbox"), {"tab": "archive"}).content.decode()
    return re.findall(r'class="case-number"[^>]*>([^<]+)<', page)


def test_the_archive_lists_the_tasks_the_user_completed_and_no_others(town, client):
    mine, colleagues, held, withdrawn = (_file(town) for _ in range(4))
    assert complete(town.reviewer, _task(mine, "intake").pk, "accept").status_code == 200
    assert complete(town.reviewer2, _task(colleagues, "intake").pk, "accept").status_code == 200
    # claimed and still open: work in hand, not yet done
    claim = client_for(town.reviewer).post(f"/api/v1/tasks/{_task(held, 'intake').pk}/claim/")
    assert claim.status_code == 200
    # claimed, then the filer withdraws the case: cancelled, not completed by the reviewer
    intake = _task(withdrawn, "intake")
    assert client_for(town.reviewer).post(f"/api/v1/tasks/{intake.pk}/claim/").status_code == 200
    withdrawal = client_for(town.filer).post(
        f"/api/v1/cases/{withdrawn['id']}/withdraw/", {"reason": "已自行纠正"}, format="json"
    )
    assert withdrawal.status_code == 200, withdrawal.content
    intake.refresh_from_db()
    assert (intake.claimed_by, intake.is_open) == (town.reviewer, False)

    assert _archive(client, town.reviewer) == [mine["number"]]
    assert _archive(client, town.reviewer2) == [colleagues["number"]]
    assert complete(town.filer, _task(mine, "work").pk, "done").status_code == 200
    assert _archive(client, town.filer) == [mine["number"]]
