"""One contract for every registered process (the appeal, the probe, each process added later):
run over the demo city each process seeds, so a new process inherits these tests unwritten."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone
from rest_framework.test import APIClient

from workflows.casework import registry
from workflows.casework.alerts import holders
from workflows.casework.models import Case, CaseTask, Notification
from workflows.casework.services import case_resume, case_suspend
from workflows.casework.timers import fire_timers
from workflows.organization.roles import Role

pytestmark = pytest.mark.django_db

KINDS = [spec.kind for spec in registry.processes()]


@pytest.fixture
def demo(seeded_demo, db):
    return {u.username: u for u in get_user_model().objects.all()}


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _open_tasks(kind):
    return CaseTask.objects.filter(case__kind=kind, is_open=True).select_related(
        "case", "task", "department", "claimed_by"
    )


def _outsider(demo, case: Case):
    """A filer of a department with no part in the case."""
    involved = set(CaseTask.objects.filter(case=case).values_list("department_id", flat=True)) | {
        case.filing_department_id,
        case.subject.department_id,
    }
    if case.record_id:
        involved.add(case.record.provider_id)
    return next(
        u
        for u in demo.values()
        if u.department_id not in involved
        and u.groups.filter(name=Role.FILER).exists()
        and not u.department.is_credit_office
    )


@pytest.mark.parametrize("kind", KINDS)
def test_the_demo_has_open_cases_and_nothing_is_stranded(demo, kind):
    tasks = list(_open_tasks(kind))
    assert tasks, f"the {kind} demo seeds no open case"
    for case_task in tasks:
        assert holders(case_task), f"{case_task} has nobody who can take it"
    open_cases = Case.objects.filter(kind=kind, closed_at__isnull=True)
    stranded = open_cases.annotate(
        n=Count("case_tasks", filter=__import__("django").db.models.Q(case_tasks__is_open=True))
    ).filter(n=0)
    assert not stranded.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_inbox_visibility_and_refusals(demo, kind):
    spec = registry.process_for(kind)
    case_task = next(t for t in _open_tasks(kind) if t.role)
    holder = holders(case_task)[0]
    in_inbox = _client(holder).get("/api/v1/tasks/", {"kind": kind}).json()["results"]
    assert case_task.pk in [t["id"] for t in in_inbox]

    outsider = _outsider(demo, case_task.case)
    assert _client(outsider).get(f"/api/v1/cases/{case_task.case_id}/").status_code == 404
    assert _client(outsider).get(f"/api/v1/{spec.api_path}/{case_task.case_id}/").status_code == 404
    assert case_task.case.number not in str(
        _client(outsider).get(f"/api/v1/{spec.api_path}/").json()
    )
    assert _client().get(f"/api/v1/{spec.api_path}/").status_code == 401
    assert _client(holder).get("/api/v1/cases/999999/").status_code == 404

    action = next(iter(case_task.task.flow_task.actions))
    # the outsider cannot even see the task; a credit-office user outside the role is refused
    url = f"/api/v1/tasks/{case_task.pk}/complete/"
    assert _client(outsider).post(url, {"action": action}, format="json").status_code == 404
    wrong_role = next(
        u
        for u in demo.values()
        if u.department
        and u.department.is_credit_office
        and not u.groups.filter(name=case_task.role).exists()
        and not u.groups.filter(name__in=[Role.SUPERVISOR, Role.ADMIN]).exists()
        and not u.is_superuser
    )
    assert _client(wrong_role).post(url, {"action": action}, format="json").status_code in (
        403,
        404,
    )
    bad = _client(holder).post(url, {"action": "no-such-action"}, format="json")
    assert bad.status_code == 400
    assert "action" in bad.json()["errors"]


@pytest.mark.parametrize("kind", KINDS)
def test_withdraw_rules(demo, kind):
    flow = registry.process_for(kind).flow_class.instance
    case = next(
        c
        for c in registry.process_for(kind).case_model.objects.filter(closed_at__isnull=True)
        if any(flow.may_withdraw(user=u, case=c) for u in demo.values())
    )
    allowed = next(u for u in demo.values() if flow.may_withdraw(user=u, case=case))
    refused = next(
        u
        for u in demo.values()
        if not flow.may_withdraw(user=u, case=case) and u.groups.filter(name=Role.REVIEWER).exists()
    )
    url = f"/api/v1/cases/{case.pk}/withdraw/"
    assert _client(refused).post(url, {"reason": "x"}, format="json").status_code == 403
    first = _client(allowed).post(url, {"reason": "撤回"}, format="json")
    assert first.status_code == 200
    assert first.json()["open_tasks"] == []
    assert first.json()["closed_at"] is not None
    assert _client(allowed).post(url, {"reason": "again"}, format="json").status_code == 409


@pytest.mark.parametrize("kind", KINDS)
def test_alerts_fire_once_however_often_the_sweep_runs(demo, kind, time_machine):
    time_machine.move_to(timezone.now() + datetime.timedelta(days=60))
    fire_timers()
    fire_timers()
    assert fire_timers() == 0
    keys = Notification.objects.exclude(key="").values("recipient", "key")
    assert keys.count() == len({(k["recipient"], k["key"]) for k in keys})
    escalated = CaseTask.objects.filter(case__kind=kind, is_open=True, escalation_level=2)
    assert escalated.exists()
    for case_task in escalated:
        assert Notification.objects.filter(key=f"escalate2:{case_task.pk}").exists()


@pytest.mark.parametrize("kind", KINDS)
def test_suspension_moves_due_times_by_the_days_suspended(demo, kind, time_machine):
    case_task = next(t for t in _open_tasks(kind) if not t.case.is_suspended)
    case = case_task.case
    before = case_task.due_at
    case_suspend(case=case, by=demo["reviewer"], reason="等待材料")
    assert CaseTask.objects.get(pk=case_task.pk).next_alert_at is None
    time_machine.move_to(timezone.now() + datetime.timedelta(days=7))
    case_resume(case=Case.objects.get(pk=case.pk), by=demo["reviewer"], comment="")
    after = CaseTask.objects.get(pk=case_task.pk)
    assert after.suspended_days >= 4
    assert after.due_at > before
    assert after.next_alert_at is not None


@pytest.mark.parametrize("kind", KINDS)
def test_declared_drafts_name_human_steps_and_render_without_writing(demo, kind):
    """Each step a process says issues a document shows it as a draft PDF to whoever works the
    step: rendered from the demo's open tasks, nothing numbered or stored."""
    from workflows.casework.drafts import task_draft_pdf, user_may_read_draft
    from workflows.casework.nodes import CaseStep
    from workflows.documents.models import Document, DocumentSequence

    spec = registry.process_for(kind)
    steps = {n.step: n for n in spec.flow_class.instance.nodes() if isinstance(n, CaseStep)}
    for declared in spec.drafts:
        assert declared.step in steps, f"{kind} declares a draft for no step {declared.step!r}"
        for action in declared.actions:
            assert action in steps[declared.step].actions, (kind, declared.step, action)
    framed = [d.step for d in spec.drafts if d.before_entries]
    written = (Document.objects.count(), list(DocumentSequence.objects.values_list()))
    for case_task in _open_tasks(kind).filter(step__in=framed):
        holder = holders(case_task)[0]
        assert user_may_read_draft(holder, case_task)
        pdf = task_draft_pdf(case_task)
        assert pdf is not None, case_task
        assert pdf.startswith(b"%PDF"), case_task
    assert (Document.objects.count(), list(DocumentSequence.objects.values_list())) == written
