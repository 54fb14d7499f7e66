"""The filing department supplies the missing material (domain.md §5: the clock stops while the
case waits and resumes when the material arrives): the case's resume button closes the filer's
supply task of that case and starts the clock again; only a filer of the filing department may
(on the probe process)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from workflows.casework.events import EventType
from workflows.casework.models import Case, CaseEvent, CaseTask
from workflows.casework.services import (
    CASE_CLOSED,
    NOT_SUSPENDED,
    ONLY_FILER_RESUMES,
    case_resume,
    case_suspend,
)

from .conftest import client_for, complete, inbox, task_of

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


def _waiting(town) -> dict:
    """A filed case whose intake asked for material: suspended, a supply task in the filer's
    inbox."""
    case = _file(town)
    intake = [t for t in inbox(town.reviewer) if t["case"] == case["id"]][0]
    asked = complete(town.reviewer, intake["id"], "request_material", missing="营业执照复印件")
    assert asked.status_code == 200, asked.content
    return case


def _resume(user, case_id, comment="已上传营业执照复印件"):
    return client_for(user).post(
        f"/api/v1/cases/{case_id}/resume/", {"comment": comment}, format="json"
    )


def _rows(case_id, *actions):
    return [
        (e.step, e.action, e.by.username if e.by else None, e.comment)
        for e in CaseEvent.objects.filter(case_id=case_id, action__in=actions).order_by("id")
    ]


def test_resuming_the_case_completes_its_supply_task_with_the_comment(town, time_machine):
    time_machine.move_to(_at(11, 2))
    case = _waiting(town)
    supply = task_of(town.filer, "supply_material")

    time_machine.move_to(_at(11, 5))  # three working days later
    response = _resume(town.filer, case["id"])

    assert response.status_code == 200, response.content
    assert response.json()["suspended"] is False
    assert CaseTask.objects.get(pk=supply["id"]).is_open is False
    assert inbox(town.filer) == []
    assert _rows(case["id"], "supply", "resume") == [
        ("resume", "resume", "filer_finance", "已上传营业执照复印件"),
        ("supply_material", "supply", "filer_finance", "已上传营业执照复印件"),
    ]
    assert CaseEvent.objects.get(case_id=case["id"], action="resume").params == {"days": 3}
    # the reviewer works the intake again
    assert (
        complete(town.reviewer, task_of(town.reviewer, "intake")["id"], "accept").status_code == 200
    )


def test_of_two_waiting_cases_only_the_one_resumed_runs_again(town):
    first, second = _waiting(town), _waiting(town)

    response = _resume(town.filer, second["id"])

    assert response.status_code == 200, response.content
    assert Case.objects.get(pk=second["id"]).is_suspended is False
    assert Case.objects.get(pk=first["id"]).is_suspended is True
    assert [t["case"] for t in inbox(town.filer)] == [first["id"]]
    assert _rows(first["id"], "supply", "resume") == []


def test_a_case_suspended_with_no_supply_task_resumes_too(town, time_machine):
    time_machine.move_to(_at(11, 2))
    case = _file(town)
    case_suspend(case=Case.objects.get(pk=case["id"]), by=town.supervisor, reason="等待材料")

    time_machine.move_to(_at(11, 4))  # two working days later
    response = _resume(town.filer, case["id"], comment="材料已补齐")

    assert response.status_code == 200, response.content
    assert response.json()["suspended"] is False
    assert _rows(case["id"], "resume") == [("resume", "resume", "filer_finance", "材料已补齐")]
    assert CaseEvent.objects.get(case_id=case["id"], action="resume").params == {"days": 2}
    assert CaseTask.objects.get(case_id=case["id"], step="intake").suspended_days == 2


def test_a_member_of_the_filing_department_who_is_not_a_filer_may_not_resume(
    town, django_user_model
):
    from django.contrib.auth.models import Group

    clerk = django_user_model.objects.create_user(
        username="verifier_finance", password="demo", department=town.finance
    )
    clerk.groups.add(Group.objects.get_or_create(name="verifier")[0])
    case = _waiting(town)
    assert client_for(clerk).get(f"/api/v1/cases/{case['id']}/").status_code == 200

    response = _resume(clerk, case["id"])

    assert response.status_code == 403
    with translation.override("zh-hans"):
        assert response.json()["detail"] == str(ONLY_FILER_RESUMES)
    assert Case.objects.get(pk=case["id"]).is_suspended is True
    assert task_of(town.filer, "supply_material")["case"] == case["id"]
    assert _rows(case["id"], "supply", "resume") == []


def test_a_case_suspended_again_after_its_material_came_resumes_without_the_old_task(town):
    case = _waiting(town)
    assert _resume(town.filer, case["id"]).status_code == 200
    case_suspend(case=Case.objects.get(pk=case["id"]), by=town.supervisor, reason="再次等待")

    response = _resume(town.filer, case["id"], comment="再次补齐")

    assert response.status_code == 200, response.content
    assert response.json()["suspended"] is False
    assert _rows(case["id"], "resume")[-1] == ("resume", "resume", "filer_finance", "再次补齐")


def test_a_withdrawn_case_is_no_longer_suspended_and_cannot_be_resumed(town):
    case = _waiting(town)
    withdrawn = client_for(town.filer).post(
        f"/api/v1/cases/{case['id']}/withdraw/", {"reason": "已自行纠正"}, format="json"
    )
    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["suspended"] is False

    response = _resume(town.filer, case["id"])

    assert response.status_code == 409, response.content
    with translation.override("zh-hans"):
        assert response.json()["detail"] == str(CASE_CLOSED)
    assert _rows(case["id"], "resume", "supply") == []
    stored = Case.objects.get(pk=case["id"])
    # the suspension ended with the case: no date and no reason left behind
    assert (stored.suspended_at, stored.suspension_reason) == (None, "")


def test_resuming_clears_the_suspension_stored_and_returned_and_is_a_resumed_event(
    town, time_machine
):
    time_machine.move_to(_at(11, 2))
    case = _file(town)
    case_suspend(case=Case.objects.get(pk=case["id"]), by=town.supervisor, reason="等待材料")
    time_machine.move_to(_at(11, 4))

    resumed = case_resume(
        case=Case.objects.get(pk=case["id"]), by=town.supervisor, comment="材料已补齐"
    )

    assert (resumed.is_suspended, resumed.suspension_reason) == (False, "")
    stored = Case.objects.get(pk=case["id"])
    assert (stored.suspended_at, stored.suspension_reason) == (None, "")
    event = CaseEvent.objects.get(case_id=case["id"], action="resume")
    assert (event.event, event.params, event.comment) == (
        EventType.RESUMED,
        {"days": 2},
        "材料已补齐",
    )


def test_a_second_suspension_adds_its_working_days_to_the_first(town, time_machine):
    time_machine.move_to(_at(11, 2))  # Monday
    case = _file(town)
    intake = CaseTask.objects.get(case_id=case["id"], step="intake")
    due_unsuspended = intake.due_at

    for suspended_on, resumed_on in (((11, 2), (11, 4)), ((11, 4), (11, 9))):
        time_machine.move_to(_at(*suspended_on))
        case_suspend(case=Case.objects.get(pk=case["id"]), by=town.supervisor, reason="等待材料")
        time_machine.move_to(_at(*resumed_on))
        case_resume(case=Case.objects.get(pk=case["id"]), by=town.supervisor, comment="")

    # Monday to Wednesday: 2 working days; Wednesday to the next Monday: 3
    intake.refresh_from_db()
    assert intake.suspended_days == 5
    params = CaseEvent.objects.filter(case_id=case["id"], action="resume").order_by("id")
    assert [e.params for e in params] == [{"days": 2}, {"days": 3}]
    assert intake.due_at > due_unsuspended
    assert (intake.due_at.date() - due_unsuspended.date()).days == 7  # 5 working days, a weekend


def test_resuming_a_case_that_does_not_wait_is_refused_with_the_reason(town):
    case = _file(town)

    response = _resume(town.filer, case["id"])

    assert response.status_code == 400, response.content
    with translation.override("zh-hans"):
        assert str(NOT_SUSPENDED) in str(response.json()["errors"])
    assert _rows(case["id"], "resume") == []
