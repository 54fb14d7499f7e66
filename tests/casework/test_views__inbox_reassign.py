"""Bulk reassignment from the inbox: the supervisors and leaders who may reassign tick tasks in
their "To reassign" tab, choose one new holder on one confirmation page, and get an outcome per
task — each through the reassign service, each with its history row, a refusal leaving its task
as it was (on the probe process)."""

import re

import pytest
from django.urls import reverse

from workflows.casework.models import CaseEvent, CaseTask

from .conftest import client_for, complete

pytestmark = pytest.mark.django_db


def _file(town) -> dict:
    response = client_for(town.filer).post(
        "/api/v1/probes/", {"subject": town.subject.pk, "note": "probe note"}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def _outcomes(response) -> list[str]:
    return re.findall(r'class="outcome">([^<]+)<', response.content.decode())


def _bulk(client, tasks, **data):
    return client.post(
        reverse("casework:inbox_bulk"), {"op": "reassign", "task": [t.pk for t in tasks], **data}
    )


@pytest.fixture
def intakes(town):
    for _ in range(3):
        _file(town)
    return list(CaseTask.objects.filter(step="intake").order_by("pk"))


def test_the_reassign_tab_and_button_are_for_those_who_may_reassign(town, client, intakes):
    client.force_login(town.supervisor)
    page = client.get(reverse("casework:inbox"), {"tab": "team"}).content.decode()
    assert 'href="?tab=team"' in page
    assert re.findall(r'class="case-number"[^>]*>([^<]+)<', page) == [
        t.case.number for t in intakes
    ]
    assert 'value="reassign"' in page

    client.force_login(town.reviewer)
    page = client.get(reverse("casework:inbox"), {"tab": "team"}).content.decode()
    assert 'href="?tab=team"' not in page
    assert 'value="reassign"' not in page
    refused = _bulk(client, intakes, confirmed="1", assignee=town.reviewer2.pk)
    assert refused.status_code == 302
    assert not CaseEvent.objects.filter(action="reassign").exists()


def test_one_confirmation_then_every_task_goes_to_the_new_holder(town, client, intakes):
    # one of them is claimed already: it moves too
    client_for(town.reviewer2).post(f"/api/v1/tasks/{intakes[1].pk}/claim/")
    client.force_login(town.supervisor)

    confirm = _bulk(client, intakes)
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert 'name="confirmed" value="1"' in page
    # the step's role-holders of its department are offered; nobody else
    offered = re.findall(r'<option value="(\d+)"', page)
    assert sorted(map(int, offered)) == sorted([town.reviewer.pk, town.reviewer2.pk])
    assert not CaseEvent.objects.filter(action="reassign").exists()

    missing = _bulk(client, intakes, confirmed="1")
    assert missing.status_code == 400
    assert 'aria-invalid="true"' in missing.content.decode()
    assert not CaseEvent.objects.filter(action="reassign").exists()

    done = _bulk(client, intakes, confirmed="1", assignee=town.reviewer.pk)

    assert done.status_code == 200
    assert _outcomes(done) == ["已改派给reviewer"] * 3
    assert all(t.claimed_by == town.reviewer for t in CaseTask.objects.filter(step="intake"))
    events = CaseEvent.objects.filter(action="reassign", by=town.supervisor)
    assert sorted(events.values_list("case_id", flat=True)) == sorted(t.case_id for t in intakes)


def test_a_task_the_holder_may_not_take_is_reported_and_left_alone(town, client, intakes):
    complete(town.reviewer, intakes[0].pk, "accept")
    work = CaseTask.objects.get(step="work")  # the filer's step in the finance department
    client.force_login(town.supervisor)

    done = _bulk(client, [work, intakes[1]], confirmed="1", assignee=town.reviewer.pk)

    outcomes = _outcomes(done)
    assert outcomes[1] == "已改派给reviewer"
    assert "reviewer" in outcomes[0]
    assert "已改派" not in outcomes[0]
    work.refresh_from_db()
    assert work.claimed_by is None
    assert not CaseEvent.objects.filter(action="reassign", case_id=work.case_id).exists()
    assert CaseEvent.objects.filter(action="reassign", case_id=intakes[1].case_id).count() == 1


def test_a_leader_reassigns_only_its_own_departments_tasks(town, client, intakes):
    complete(town.reviewer, intakes[0].pk, "accept")
    work = CaseTask.objects.get(step="work")
    client.force_login(town.approver)  # the credit office's leader

    page = client.get(reverse("casework:inbox"), {"tab": "team"}).content.decode()
    assert work.case.number not in re.findall(r'class="case-number"[^>]*>([^<]+)<', page)

    done = _bulk(client, [work, intakes[1]], confirmed="1", assignee=town.reviewer2.pk)

    assert _outcomes(done) == ["无权操作", "已改派给reviewer2"]
    assert not CaseEvent.objects.filter(action="reassign", case_id=work.case_id).exists()


def test_an_administrator_reassigns_every_department_s_tasks(town, client, intakes):
    complete(town.reviewer, intakes[0].pk, "accept")
    work = CaseTask.objects.get(step="work")  # the finance department's step
    admin = type(town.reviewer).objects.create_user(
        username="admin", password="demo", is_staff=True, is_superuser=True
    )
    client.force_login(admin)

    page = client.get(reverse("casework:inbox"), {"tab": "team"}).content.decode()

    listed = re.findall(r'class="case-number"[^>]*>([^<]+)<', page)
    assert work.case.number in listed
    assert intakes[1].case.number in listed


def test_an_approver_without_a_department_has_nothing_to_reassign(town, client, intakes):
    lone = type(town.reviewer).objects.create_user(username="lone", password="demo")
    lone.groups.add(town.approver.groups.get())
    client.force_login(lone)

    page = client.get(reverse("casework:inbox"), {"tab": "team"}).content.decode()

    assert 'href="?tab=team"' not in page
    assert re.findall(r'class="case-number"[^>]*>([^<]+)<', page) == []
