"""Comments outside a step: whoever acts on a case writes a remark into its history from the case
page or a task page; those working on the case are told; a comment moves no step (probe)."""

import pytest
from django.urls import reverse

from workflows.audit.models import AuditEntry
from workflows.casework.models import CaseEvent, CaseTask, Notification

from .conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(town):
    response = client_for(town.filer).post(
        "/api/v1/probes/", {"subject": town.subject.pk, "note": "probe note"}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def _comment(client, case_id, text, **extra):
    return client.post(reverse("casework:case_comment", args=[case_id]), {"text": text, **extra})


def test_the_filer_comments_and_the_holders_are_told(town, client, case):
    client.force_login(town.filer)
    audited = AuditEntry.objects.count()

    response = _comment(client, case["id"], "材料原件已于今日寄出，完成率100%。")

    assert response.status_code == 302
    assert response["Location"].endswith("#history")
    event = CaseEvent.objects.get(action="comment")
    assert (event.by, event.event, event.step) == (town.filer, "commented", "comment")
    assert event.comment == "材料原件已于今日寄出，完成率100%。"
    assert AuditEntry.objects.count() == audited + 1
    # the intake step's reviewers hear of it, the author does not; the step stays where it was
    told = Notification.objects.filter(case_id=case["id"], body=event.comment)
    assert set(told.values_list("recipient__username", flat=True)) == {"reviewer", "reviewer2"}
    assert list(CaseTask.objects.filter(is_open=True).values_list("step", flat=True)) == ["intake"]
    page = client.get(reverse("casework:case", args=[case["id"]])).content.decode()
    assert "材料原件已于今日寄出" in page
    assert "已发表意见" in page  # the history row


def test_from_the_task_page_back_to_the_task(town, client, case):
    intake = CaseTask.objects.get(step="intake")
    client.force_login(town.reviewer)
    page = client.get(reverse("casework:task", args=[intake.pk])).content.decode()
    assert f'name="task" value="{intake.pk}"' in page

    response = _comment(client, case["id"], "请补充说明。", task=intake.pk)

    assert response["Location"] == reverse("casework:task", args=[intake.pk]) + "#history"
    assert Notification.objects.filter(recipient=town.filer, body="请补充说明。").exists()


def test_an_empty_comment_is_refused_on_the_field(town, client, case):
    client.force_login(town.filer)
    response = _comment(client, case["id"], "   ")
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not CaseEvent.objects.filter(action="comment").exists()


def test_only_those_acting_on_an_open_case_comment(town, client, case):
    client.force_login(town.filer_housing)  # another department: the case does not exist for it
    assert _comment(client, case["id"], "路过。").status_code == 404
    client.force_login(town.inspector)  # sees nothing of it either
    assert _comment(client, case["id"], "路过。").status_code == 404

    client_for(town.filer).post(f"/api/v1/cases/{case['id']}/withdraw/", {"reason": "撤回"})
    client.force_login(town.filer)
    closed = _comment(client, case["id"], "撤回后补充。")
    assert closed.status_code == 302
    assert not CaseEvent.objects.filter(action="comment").exists()
    page = client.get(reverse("casework:case", args=[case["id"]])).content.decode()
    assert "comment-form" not in page
