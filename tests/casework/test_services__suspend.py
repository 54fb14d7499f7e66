"""Suspension (domain.md §5): the clock of the suspended case stops — its open steps' and its
whole-case clock's — and resumes moved by the working days suspended; steps already done and
other cases keep their due times; the case page says why it waits (on the probe process)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from workflows.casework.models import Case, CaseClock, CaseEvent, CaseTask, Notification
from workflows.casework.services import (
    ALREADY_SUSPENDED,
    CASE_SUSPENDED_BODY,
    CASE_SUSPENDED_SUBJECT,
    case_suspend,
)

from .conftest import client_for, complete, task_of

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(month, day, hour=10):
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=SHANGHAI)


def _file(town) -> dict:
    response = client_for(town.filer).post(
        "/api/v1/probes/", {"subject": town.subject.pk, "note": "probe note"}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def _accepted(town) -> dict:
    case = _file(town)
    intake = [t for t in _tasks(town.reviewer) if t["case"] == case["id"]][0]
    assert complete(town.reviewer, intake["id"], "accept").status_code == 200
    return case


def _tasks(user) -> list[dict]:
    return client_for(user).get("/api/v1/tasks/").json()["results"]


def _clocks(case_id) -> dict:
    """Every due time of the case: its steps' (open or done) and its whole-case clocks'."""
    steps = {
        t.step: (t.due_at, t.suspended_days, t.next_alert_at is None)
        for t in CaseTask.objects.filter(case_id=case_id)
    }
    clocks = {
        f"clock:{c.name}": (c.due_at, c.suspended_days, c.next_alert_at is None)
        for c in CaseClock.objects.filter(case_id=case_id)
    }
    return steps | clocks


def test_suspending_stops_only_this_cases_open_clocks_and_resuming_moves_them(town, time_machine):
    time_machine.move_to(_at(11, 2))  # Monday
    other, case = _accepted(town), _accepted(town)
    other_before, before = _clocks(other["id"]), _clocks(case["id"])
    assert set(before) == {"intake", "work", "clock:case"}
    # alerts armed
    assert before["work"][2] is False
    assert before["clock:case"][2] is False

    case_suspend(case=Case.objects.get(pk=case["id"]), by=town.supervisor, reason="等待材料")

    stopped = _clocks(case["id"])
    # while suspended no alert is due for the open step or the case clock
    assert stopped["work"][2] is True
    assert stopped["clock:case"][2] is True
    assert stopped["intake"] == before["intake"]
    assert _clocks(other["id"]) == other_before

    time_machine.move_to(_at(11, 5))  # Thursday: three working days later
    response = client_for(town.filer).post(
        f"/api/v1/cases/{case['id']}/resume/", {"comment": "已补齐"}, format="json"
    )
    assert response.status_code == 200, response.content

    after = _clocks(case["id"])
    for name in ("work", "clock:case"):
        assert after[name][1] == 3, name
        assert after[name][0] > before[name][0], name
        assert after[name][2] is False, name  # alerts armed again
    # the step done before the suspension keeps its due time
    assert after["intake"] == before["intake"]
    assert _clocks(other["id"]) == other_before


def test_the_case_page_says_why_the_case_waits(town, client):
    case = _file(town)
    intake = task_of(town.reviewer, "intake")
    asked = complete(town.reviewer, intake["id"], "request_material", missing="营业执照复印件")
    assert asked.status_code == 200, asked.content

    client.force_login(town.filer)
    page = client.get(reverse("casework:case", args=[case["id"]])).content.decode()

    assert "— 营业执照复印件" in page


def test_a_case_already_suspended_cannot_be_asked_for_material_again(town):
    case = _file(town)
    case_suspend(case=Case.objects.get(pk=case["id"]), by=town.supervisor, reason="等待材料")
    intake = task_of(town.reviewer, "intake")

    response = complete(town.reviewer, intake["id"], "request_material", missing="营业执照")

    assert response.status_code == 400
    with translation.override("zh-hans"):
        assert str(ALREADY_SUSPENDED) in str(response.json()["errors"])
    assert not CaseTask.objects.filter(case_id=case["id"], step="supply_material").exists()


def test_asking_for_material_is_in_the_history_and_not_told_to_the_one_asking(town):
    case = _file(town)
    intake = task_of(town.reviewer, "intake")

    # asking claims the step: the reviewer asking is its only holder and knows already
    asked = complete(town.reviewer, intake["id"], "request_material", missing="营业执照复印件")

    assert asked.status_code == 200, asked.content
    row = CaseEvent.objects.get(case_id=case["id"], action="suspend")
    assert (row.step, row.by, row.comment, row.event) == (
        "suspend",
        town.reviewer,
        "营业执照复印件",
        "suspended",
    )
    assert not Notification.objects.filter(recipient=town.reviewer).exists()
    assert Notification.objects.filter(recipient=town.filer, case_id=case["id"]).count() == 1


def test_the_holder_of_a_step_hears_why_its_clock_stopped(town):
    case = _file(town)
    intake = task_of(town.reviewer, "intake")
    assert client_for(town.reviewer).post(f"/api/v1/tasks/{intake['id']}/claim/").status_code == 200

    case_suspend(case=Case.objects.get(pk=case["id"]), by=town.supervisor, reason="等待复议决定")

    with translation.override("zh-hans"):
        expected = (
            str(CASE_SUSPENDED_SUBJECT) % {"case": case["number"]},
            str(CASE_SUSPENDED_BODY) % {"case": case["number"], "reason": "等待复议决定"},
        )
    told = Notification.objects.filter(case_id=case["id"])
    assert [(n.recipient, n.subject, n.body) for n in told] == [(town.reviewer, *expected)]


def test_an_extension_granted_while_the_case_waits_arms_no_alert_until_it_resumes(
    town, time_machine
):
    time_machine.move_to(_at(11, 2))
    case = _file(town)
    case_suspend(case=Case.objects.get(pk=case["id"]), by=town.supervisor, reason="等待材料")
    intake = task_of(town.reviewer, "intake")

    response = client_for(town.supervisor).post(
        f"/api/v1/tasks/{intake['id']}/extend/", {"days": 2, "reason": "案情复杂"}, format="json"
    )

    assert response.status_code == 200, response.content
    stored = CaseTask.objects.get(case_id=case["id"], step="intake")
    assert stored.extended_days == 2
    # the case waits for material: no reminder or escalation is due while it does
    assert stored.next_alert_at is None
