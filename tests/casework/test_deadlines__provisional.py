"""A deadline in a year without a published schedule is provisional; when an admin imports that
year's notice, the open provisional deadlines are recomputed (domain.md, section 5) — only the open
ones, and a suspended case's clock stays stopped.

On the probe process: its intake step has 5 working days. Filed on Monday 28 December 2026, the
intake runs into 2027, which has no published schedule here: 29, 30, 31 December, then Monday 4
and Tuesday 5 January (Friday 1 January, New Year's Day, is a computed statutory holiday), so it is
due at the end of Tuesday 5 January, provisionally. The notice imported below makes Saturday
2 January a working day: the deadline becomes the end of Monday 4 January."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workflows.casework.models import Case, CaseTask, Notification
from workflows.workdays.due_dates import end_of_day
from workflows.workdays.services import calendar_year_import

from .conftest import client_for, complete, inbox

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
PROVISIONAL_DUE = end_of_day(datetime.date(2027, 1, 5))
CONFIRMED_DUE = end_of_day(datetime.date(2027, 1, 4))


def _at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=SHANGHAI)


def _file(town) -> dict:
    payload = {"subject": town.subject.pk, "note": "probe note"}
    response = client_for(town.filer).post("/api/v1/probes/", payload, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def _intake(town, case_id) -> dict:
    [task] = [t for t in inbox(town.reviewer, status="all") if t["case"] == case_id]
    return task


def _task(user, task_id) -> dict:
    response = client_for(user).get(f"/api/v1/tasks/{task_id}/")
    assert response.status_code == 200, response.content
    return response.json()


def _import_2027():
    calendar_year_import(
        year=2027,
        days=[
            (datetime.date(2027, 1, 1), "holiday", "元旦"),
            (datetime.date(2027, 1, 2), "workday", "元旦调休"),
        ],
        source="国务院办公厅关于2027年部分节假日安排的通知",
    )


def _overdue_weeks(user) -> list[dict]:
    response = client_for(user).get(
        "/api/v1/supervision/summary/", {"from": "2026-12-01", "to": "2027-01-31"}
    )
    assert response.status_code == 200, response.content
    return [w for w in response.json()["weeks"] if w["overdue"]]


def test_a_step_done_in_time_keeps_its_deadline_when_the_year_is_published(town, time_machine):
    """Done on its provisional last day, the step was done in time: publishing the year later
    neither moves its deadline nor counts it late."""
    time_machine.move_to(_at(2026, 12, 28))
    done, waiting = _file(town), _file(town)
    done_intake, waiting_intake = _intake(town, done["id"]), _intake(town, waiting["id"])
    assert datetime.datetime.fromisoformat(done_intake["due_at"]) == PROVISIONAL_DUE
    assert done_intake["provisional_deadline"] is True

    time_machine.move_to(_at(2027, 1, 5, 15))
    assert complete(town.reviewer, done_intake["id"], "accept").status_code == 200
    time_machine.move_to(_at(2027, 1, 6))
    _import_2027()

    # the open step's deadline moved to the published schedule's
    waiting_intake = _task(town.reviewer, waiting_intake["id"])
    assert datetime.datetime.fromisoformat(waiting_intake["due_at"]) == CONFIRMED_DUE
    assert waiting_intake["provisional_deadline"] is False
    # the finished one kept the deadline it was done by
    done_intake = _task(town.reviewer, done_intake["id"])
    assert datetime.datetime.fromisoformat(done_intake["due_at"]) == PROVISIONAL_DUE
    # the supervisor's summary counts only the waiting step as gone overdue (in the week of
    # Monday 4 January), not the one done in time
    assert _overdue_weeks(town.supervisor) == [{"week": "2027-01-04", "overdue": 1}]


def test_a_suspended_case_stays_silent_when_its_deadline_is_recomputed(
    town, time_machine, django_capture_on_commit_callbacks
):
    """The case waits for material: publishing the year moves its deadline, but no reminder or
    escalation goes out while the clock is stopped."""
    time_machine.move_to(_at(2026, 12, 28))
    case = _file(town)
    intake = _intake(town, case["id"])
    asked = complete(town.reviewer, intake["id"], "request_material", missing="营业执照副本")
    assert asked.status_code == 200, asked.content
    assert Case.objects.get(pk=case["id"]).is_suspended
    Notification.objects.all().delete()

    _import_2027()
    intake = _task(town.reviewer, intake["id"])
    assert datetime.datetime.fromisoformat(intake["due_at"]) == CONFIRMED_DUE
    assert intake["provisional_deadline"] is False

    # past the reminder, the deadline and the supervisor's escalation of the intake
    for moment in (_at(2027, 1, 4, 9), _at(2027, 1, 5), _at(2027, 1, 20)):
        time_machine.move_to(moment)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("fire_timers", stdout=io.StringIO())

    assert list(Notification.objects.values_list("recipient__username", "subject")) == []
    assert _task(town.reviewer, intake["id"])["escalation_level"] == 0


def _import_queries(year: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        calendar_year_import(
            year=year,
            days=[(datetime.date(year, 1, 1), "holiday", "元旦")],
            source=f"国务院办公厅关于{year}年部分节假日安排的通知",
        )
    return len(queries.captured_queries)


def test_publishing_a_year_costs_two_queries_per_provisional_deadline_and_none_for_others(
    town, time_machine
):
    """Each provisional deadline moved is written once and its step's deadline timers are looked
    up once (its case comes with it); deadlines that rest on published years are not touched."""
    time_machine.move_to(_at(2026, 12, 28))
    _file(town)
    one = _import_queries(2027)

    # a year later three cases run into 2028, unpublished; the first case is still open, its
    # deadline now confirmed
    time_machine.move_to(_at(2027, 12, 27))
    for _ in range(3):
        _file(town)
    open_steps = CaseTask.objects.filter(is_open=True)
    assert (open_steps.count(), open_steps.filter(is_provisional=True).count()) == (4, 3)
    three = _import_queries(2028)
    assert not open_steps.filter(is_provisional=True).exists()

    assert three - one == 2 * 2


def test_recomputing_never_writes_back_a_step_closed_meanwhile(town, time_machine):
    """The calendar recomputes open provisional deadlines without the flows' locks: a step
    completed between the calendar's read of it and its write stays closed (the write touches
    the due time and the alert time only). The completion's commit is played in that window."""
    from django.db.models.signals import pre_save

    from workflows.casework.deadlines import recompute_provisional_deadlines

    time_machine.move_to(_at(2026, 12, 28))
    case = _file(town)
    intake = CaseTask.objects.get(case_id=case["id"], step="intake")
    assert intake.is_provisional

    def completed_meanwhile(sender, instance, **kwargs):
        if instance.pk == intake.pk:
            CaseTask.objects.filter(pk=intake.pk).update(is_open=False, next_alert_at=None)

    pre_save.connect(completed_meanwhile, sender=CaseTask)
    try:
        recompute_provisional_deadlines(2027)
    finally:
        pre_save.disconnect(completed_meanwhile, sender=CaseTask)

    assert CaseTask.objects.get(pk=intake.pk).is_open is False
