"""No task sits in nobody's inbox: a step with no active holder of its role in its department goes
to the credit office's queue, and the supervisor is told at once which step of which case, which
role was missing and in which department (domain.md, section 5).

Judged by what the supervisor receives: the notification's subject and body as the notifications
page shows them, with the case linked."""

import pytest
from django.urls import reverse

from workflows.casework import alerts
from workflows.casework.models import CaseTask, Notification

from .conftest import client_for, complete, task_of

pytestmark = pytest.mark.django_db


def _rerouted_work(town) -> CaseTask:
    """A probe case whose work step opens after the finance department lost its only filer."""
    filed = client_for(town.filer).post(
        "/api/v1/probes/", {"subject": town.subject.pk, "note": "probe note"}, format="json"
    )
    assert filed.status_code == 201, filed.content
    town.filer.is_active = False
    town.filer.save(update_fields=["is_active"])
    assert (
        complete(town.reviewer, task_of(town.reviewer, "intake")["id"], "accept").status_code == 200
    )
    work = CaseTask.objects.select_related("case", "rerouted_from").get(step="work", is_open=True)
    assert work.rerouted_from == town.finance
    return work


def test_the_supervisor_is_told_which_step_lost_which_role_in_which_department(town, client):
    work = _rerouted_work(town)

    [alert] = Notification.objects.filter(recipient=town.supervisor)
    assert alert.subject == "办件TP-2026-000001的“Work”无人可办"
    assert alert.body == "市财政局没有担任提交人员的有效用户，该任务已转入信用办待办。"

    # the notifications page shows it with a link to the case
    client.force_login(town.supervisor)
    page = client.get(reverse("casework:notifications")).content.decode()
    assert "办件TP-2026-000001的“Work”无人可办" in page
    assert "市财政局没有担任提交人员的有效用户" in page
    case_link = reverse("casework:case", args=[work.case_id])
    assert f'href="{case_link}">TP-2026-000001</a>' in page


def test_a_role_the_system_has_no_name_for_is_shown_as_stored(town):
    """A process may route a step to any group; one the Role list does not name is shown as is."""
    work = _rerouted_work(town)
    Notification.objects.all().delete()
    CaseTask.objects.filter(pk=work.pk).update(role="auditor")

    alerts.alert_rerouted(CaseTask.objects.select_related("case", "rerouted_from").get(pk=work.pk))

    [alert] = Notification.objects.filter(recipient=town.supervisor)
    assert alert.body == "市财政局没有担任auditor的有效用户，该任务已转入信用办待办。"
