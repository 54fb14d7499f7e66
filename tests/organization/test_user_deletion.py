"""Users who have acted are deactivated, never deleted: not in the admin, not from a script."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.urls import reverse
from viewflow.workflow.models import Process, Task

from tests.appeal.conftest import city  # noqa: F401  (the appeal journey's city)
from tests.appeal.helpers import client_for, complete, file_appeal, only_task
from workflows.casework.models import Case, CaseEvent, CaseTask

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def admin_client(client):
    root = User.objects.create_superuser(username="root", password="pw-root-123")
    client.force_login(root)
    return client


@pytest.fixture
def signing(city):  # noqa: F811
    """An appeal waiting at signing, the sign task claimed by the approver."""
    assert file_appeal(city).status_code == 201
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    verify = only_task(city.verifier_market, "verify")
    complete(
        city.verifier_market,
        verify["id"],
        "confirm_error",
        finding="经核实，该处罚决定已被撤销，记录有误。",
        proposed_outcome="revoke",
    )
    decide = only_task(city.reviewer, "decide")
    complete(city.reviewer, decide["id"], "draft", outcome="revoked", reasons="依法撤销。")
    sign = only_task(city.approver, "sign")
    assert client_for(city.approver).post(f"/api/v1/tasks/{sign['id']}/claim/").status_code == 200
    return city, sign["id"]


def test_deleting_a_user_who_claimed_a_task_is_refused(signing):
    town, sign_id = signing
    with pytest.raises(ProtectedError, match="deactivate"):
        town.approver.delete()
    with pytest.raises(ProtectedError):
        User.objects.filter(pk=town.approver.pk).delete()
    assert User.objects.filter(pk=town.approver.pk).exists()
    assert CaseTask.objects.get(pk=sign_id).is_open
    assert Task.objects.get(pk=sign_id).owner_id == town.approver.pk


def test_deleting_a_user_with_history_is_refused_and_history_keeps_the_name(signing):
    town, _sign_id = signing
    with pytest.raises(ProtectedError):
        User.objects.filter(username__in=["reviewer", "verifier_market"]).delete()
    assert CaseEvent.objects.filter(by=town.reviewer, action="accept").exists()


def test_a_user_who_never_acted_can_be_deleted(city):  # noqa: F811
    idle = User.objects.create_user(username="idle", password="pw-idle-123")
    idle.delete()
    assert not User.objects.filter(username="idle").exists()


def test_admin_delete_shows_the_reason_and_deletes_nothing(signing, admin_client):
    town, _sign_id = signing
    url = reverse("admin:organization_user_delete", args=[town.approver.pk])
    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "deactivate the user instead" in page.content.decode()
    admin_client.post(url, {"post": "yes"})
    assert User.objects.filter(pk=town.approver.pk).exists()
    bulk = admin_client.post(
        reverse("admin:organization_user_changelist"),
        {"action": "delete_selected", "_selected_action": [town.reviewer.pk], "post": "yes"},
    )
    assert bulk.status_code == 200
    assert User.objects.filter(pk=town.reviewer.pk).exists()


def test_admin_deactivates_instead(signing, admin_client):
    town, _sign_id = signing
    response = admin_client.post(
        reverse("admin:organization_user_changelist"),
        {"action": "deactivate", "_selected_action": [town.approver.pk]},
    )
    assert response.status_code == 302
    town.approver.refresh_from_db()
    assert not town.approver.is_active
    assert CaseEvent.objects.filter(by=town.reviewer).exists()


def test_viewflow_process_and_task_are_read_only_in_the_admin(signing, admin_client):
    town, sign_id = signing
    process = Process.objects.get(pk=Case.objects.get().process_id)
    delete = admin_client.post(
        reverse("admin:viewflow_process_delete", args=[process.pk]), {"post": "yes"}
    )
    change = admin_client.post(
        reverse("admin:viewflow_task_change", args=[sign_id]), {"status": "DONE"}
    )
    assert delete.status_code == 403
    assert change.status_code == 403
    assert Process.objects.filter(pk=process.pk).exists()
    assert Task.objects.get(pk=sign_id).status == "NEW" or Task.objects.get(pk=sign_id).owner_id
    assert admin_client.get(reverse("admin:viewflow_task_changelist")).status_code == 200
