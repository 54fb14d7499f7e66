"""Reminder and escalations: each sent once, however many times or dispatchers fire the timers.

Driven only through `manage.py fire_timers` and the clock, and judged by what people receive:
in-app notifications and e-mails (a unique notification key alone would hide a duplicate send,
the e-mail outbox does not). Runs on SQLite and PostgreSQL alike.
"""

import datetime
import io
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.appeal.helpers import another_record, client_for, file_appeal, only_task
from workflows.casework.models import CaseTask, Notification

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(day, hour=10):
    return datetime.datetime(2026, 11, day, hour, 0, tzinfo=SHANGHAI)


# Filed Friday 6 November 2026: accept is due at the end of Tuesday 10 November, the reminder
# goes at 09:00 that Tuesday, the leader is alerted when it runs out, the supervisor two
# working days later (the end of Thursday 12 November).
REMINDER, LEVEL_1, LEVEL_2 = _at(10, 9), _at(11, 0), _at(13, 0)


@pytest.fixture
def accept_task(city, time_machine):
    for user in (city.reviewer, city.approver, city.supervisor, city.leader_market):
        user.email = f"{user.username}@taizhou.example"
        user.save(update_fields=["email"])
    time_machine.move_to(_at(6))
    file_appeal(city)
    return only_task(city.reviewer, "accept")


def _fire(capture, times=2):
    """Run the dispatcher several times, as cron and Celery beat may, committing each run."""
    for _ in range(times):
        with capture(execute=True):
            call_command("fire_timers", stdout=io.StringIO())


def _mails() -> Counter:
    return Counter((message.to[0].split("@")[0], message.subject) for message in mail.outbox)


def _level(city, task) -> int:
    response = client_for(city.supervisor).get(f"/api/v1/tasks/{task['id']}/")
    assert response.status_code == 200, response.content
    return response.json()["escalation_level"]


def test_each_alert_reaches_its_people_once_however_often_the_timers_fire(
    city, accept_task, time_machine, django_capture_on_commit_callbacks
):
    _fire(django_capture_on_commit_callbacks)
    assert mail.outbox == []

    time_machine.move_to(REMINDER)
    _fire(django_capture_on_commit_callbacks, times=3)
    assert [to for (to, _subject) in _mails().elements()] == ["reviewer"]
    assert _level(city, accept_task) == 0

    time_machine.move_to(LEVEL_1)
    _fire(django_capture_on_commit_callbacks, times=3)
    assert sorted(to for (to, _subject) in _mails().elements()) == ["approver", "reviewer"]
    assert _level(city, accept_task) == 1

    time_machine.move_to(LEVEL_2)
    _fire(django_capture_on_commit_callbacks, times=3)
    time_machine.move_to(_at(20))
    _fire(django_capture_on_commit_callbacks)
    assert sorted(to for (to, _subject) in _mails().elements()) == [
        "approver",
        "reviewer",
        "supervisor",
    ]
    assert _level(city, accept_task) == 2
    assert Counter(Notification.objects.values_list("recipient__username", flat=True)) == {
        "reviewer": 1,
        "approver": 1,
        "supervisor": 1,
    }


def test_a_reminder_another_dispatcher_already_sent_is_not_sent_again(
    city, accept_task, time_machine, django_capture_on_commit_callbacks
):
    CaseTask.objects.filter(pk=accept_task["id"]).update(reminded_at=timezone.now())

    time_machine.move_to(REMINDER)
    _fire(django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_an_escalation_another_dispatcher_already_sent_is_not_sent_again(
    city, accept_task, time_machine, django_capture_on_commit_callbacks
):
    CaseTask.objects.filter(pk=accept_task["id"]).update(
        reminded_at=timezone.now(), escalation_level=1, escalated_at=timezone.now()
    )

    time_machine.move_to(LEVEL_1)
    _fire(django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert not Notification.objects.exists()
    assert _level(city, accept_task) == 1


def test_the_escalation_level_never_drops_from_two_to_one(
    city, accept_task, time_machine, django_capture_on_commit_callbacks
):
    # the supervisor has already been alerted (level 2) when the leader's alert comes due
    CaseTask.objects.filter(pk=accept_task["id"]).update(
        reminded_at=timezone.now(), escalation_level=2, escalated_at=timezone.now()
    )

    time_machine.move_to(LEVEL_1)
    _fire(django_capture_on_commit_callbacks)

    assert _level(city, accept_task) == 2
    assert mail.outbox == []


def test_a_reminder_that_would_arrive_after_the_deadline_is_not_sent(
    city, accept_task, time_machine, django_capture_on_commit_callbacks
):
    # the dispatcher was down from before the reminder until after the deadline
    time_machine.move_to(LEVEL_1 + datetime.timedelta(hours=2))
    _fire(django_capture_on_commit_callbacks)

    assert [to for (to, _subject) in _mails().elements()] == ["approver"]
    assert _level(city, accept_task) == 1


def test_the_leader_of_a_department_without_named_leaders_is_its_approver(
    city, time_machine, django_capture_on_commit_callbacks
):
    """A verify task of a department whose verifier has no named leader alerts its approvers."""
    from tests.appeal.helpers import complete

    city.verifier_market.leader = None
    city.verifier_market.save(update_fields=["leader"])
    city.leader_market.email = "leader_market@taizhou.example"
    city.leader_market.save(update_fields=["email"])
    time_machine.move_to(_at(6))
    file_appeal(city)
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    task = only_task(city.verifier_market, "verify")
    due = datetime.datetime.fromisoformat(task["due_at"])

    time_machine.move_to(due + datetime.timedelta(hours=1))
    _fire(django_capture_on_commit_callbacks)

    assert [to for (to, _subject) in _mails().elements()] == ["leader_market"]
    assert _level(city, task) == 1


def _verify_task_overdue(city, time_machine, capture) -> dict:
    from tests.appeal.helpers import complete

    time_machine.move_to(_at(6))
    file_appeal(city)
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    task = only_task(city.verifier_market, "verify")
    time_machine.move_to(
        datetime.datetime.fromisoformat(task["due_at"]) + datetime.timedelta(hours=1)
    )
    _fire(capture)
    return task


def test_a_named_leader_is_alerted_and_not_the_departments_approvers(
    city, django_user_model, time_machine, django_capture_on_commit_callbacks
):
    """The holder's own leader (set on the user) answers for the overdue step, not every approver
    of the department."""
    deputy = django_user_model.objects.create_user(
        username="deputy_market", password="demo", department=city.market, email="d@taizhou.example"
    )
    city.verifier_market.leader = deputy
    city.verifier_market.save(update_fields=["leader"])
    city.leader_market.email = "leader_market@taizhou.example"
    city.leader_market.save(update_fields=["email"])

    task = _verify_task_overdue(city, time_machine, django_capture_on_commit_callbacks)

    assert [to for (to, _subject) in _mails().elements()] == ["d"]
    assert _level(city, task) == 1


def test_a_named_leader_who_has_left_is_replaced_by_the_departments_approvers(
    city, django_user_model, time_machine, django_capture_on_commit_callbacks
):
    deputy = django_user_model.objects.create_user(
        username="deputy_market", password="demo", department=city.market, is_active=False
    )
    city.verifier_market.leader = deputy
    city.verifier_market.save(update_fields=["leader"])
    city.leader_market.email = "leader_market@taizhou.example"
    city.leader_market.save(update_fields=["email"])

    _verify_task_overdue(city, time_machine, django_capture_on_commit_callbacks)

    assert [to for (to, _subject) in _mails().elements()] == ["leader_market"]


def test_the_alerts_name_the_case_and_step_and_end_the_due_day_at_24_00(
    city, accept_task, time_machine, django_capture_on_commit_callbacks
):
    """What the reminder and the escalation say: the case, the step, and the due time as the UI
    shows it — 24:00 of the last day, never 00:00 of the next (domain.md §5)."""
    number = accept_task["case_number"]
    time_machine.move_to(REMINDER)
    _fire(django_capture_on_commit_callbacks)
    reminder = Notification.objects.get(recipient=city.reviewer)
    assert reminder.case_id == accept_task["case"]
    assert reminder.subject.startswith(f"今日到期：{number}，")
    assert reminder.body.startswith(f"办件{number}的“")
    assert reminder.body.endswith("”将于2026-11-10 24:00到期。")

    time_machine.move_to(LEVEL_1)
    _fire(django_capture_on_commit_callbacks)
    overdue = Notification.objects.get(recipient=city.approver)
    assert overdue.case_id == accept_task["case"]
    assert overdue.subject.startswith(f"已逾期：{number}，")
    assert "2026-11-10 24:00" in overdue.body
    assert "00:00" not in overdue.body
    # the step's name is the same in both, and it is the step's title, not its code
    step = reminder.subject.removeprefix(f"今日到期：{number}，")
    assert step
    assert step != "accept"
    assert overdue.subject == f"已逾期：{number}，{step}"


def test_of_two_dispatchers_that_read_the_same_step_only_one_sends_each_alert(city, accept_task):
    """Each alert's write is conditional: a dispatcher that read the step before another sent the
    alert finds its condition gone and sends nothing; nothing is sent for a step closed meanwhile."""
    from workflows.casework.alerts import _won

    first, second = (CaseTask.objects.get(pk=accept_task["id"]) for _ in range(2))
    now = timezone.now()

    assert _won(first, None, reminded_at=now)
    assert not _won(second, None, reminded_at=now)
    assert _won(first, None, escalation_level=1, escalated_at=now)
    assert not _won(second, None, escalation_level=1, escalated_at=now)

    CaseTask.objects.filter(pk=accept_task["id"]).update(is_open=False)
    assert not _won(second, None, escalation_level=2, escalated_at=now)
    assert _level(city, accept_task) == 1


def test_the_leader_is_alerted_at_24_00_of_the_last_day_and_not_a_moment_before(
    city, accept_task, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(REMINDER)
    _fire(django_capture_on_commit_callbacks)

    time_machine.move_to(LEVEL_1 - datetime.timedelta(microseconds=1), tick=False)
    _fire(django_capture_on_commit_callbacks)
    assert [to for (to, _subject) in _mails().elements()] == ["reviewer"]

    time_machine.move_to(LEVEL_1, tick=False)
    _fire(django_capture_on_commit_callbacks)
    assert sorted(to for (to, _subject) in _mails().elements()) == ["approver", "reviewer"]
    assert _level(city, accept_task) == 1


def test_the_supervisor_is_alerted_at_24_00_of_the_second_working_day_after_and_not_before(
    city, accept_task, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(LEVEL_1 + datetime.timedelta(hours=1))
    _fire(django_capture_on_commit_callbacks)
    assert [to for (to, _subject) in _mails().elements()] == ["approver"]

    time_machine.move_to(LEVEL_2 - datetime.timedelta(microseconds=1), tick=False)
    _fire(django_capture_on_commit_callbacks)
    assert _level(city, accept_task) == 1

    time_machine.move_to(LEVEL_2, tick=False)
    _fire(django_capture_on_commit_callbacks)
    assert sorted(to for (to, _subject) in _mails().elements()) == ["approver", "supervisor"]
    assert _level(city, accept_task) == 2


def test_a_step_whose_alert_another_dispatcher_sent_counts_nothing_and_keeps_its_next_alert(
    city, accept_task, time_machine, django_capture_on_commit_callbacks
):
    # the reminder went out from another dispatcher, which had not yet moved the next alert on
    CaseTask.objects.filter(pk=accept_task["id"]).update(reminded_at=timezone.now())
    time_machine.move_to(REMINDER)
    printed = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("fire_timers", stdout=printed)
    assert printed.getvalue().strip() == "0 timer(s) fired"

    # the step still owes its escalation when it runs out
    time_machine.move_to(LEVEL_1 + datetime.timedelta(hours=1))
    _fire(django_capture_on_commit_callbacks)
    assert [to for (to, _subject) in _mails().elements()] == ["approver"]


def test_a_dispatcher_that_read_the_step_before_another_sent_its_reminder_counts_nothing(
    city, accept_task, time_machine, django_capture_on_commit_callbacks
):
    from workflows.casework.alerts import _fire as fire_one

    time_machine.move_to(REMINDER)
    stale = CaseTask.objects.select_related("case", "task", "claimed_by").get(pk=accept_task["id"])
    _fire(django_capture_on_commit_callbacks, times=1)  # the other dispatcher

    with django_capture_on_commit_callbacks(execute=True):
        assert fire_one(stale, timezone.now()) == 0
    assert [to for (to, _subject) in _mails().elements()] == ["reviewer"]


def test_no_reminder_is_sent_for_a_step_already_escalated(city, accept_task):
    """The dispatcher was down from before the reminder until after the deadline: the leader
    was alerted and the reminder skipped; a dispatcher still holding the step as it was read
    before must not send the reminder now."""
    from workflows.casework.alerts import _won

    stale = CaseTask.objects.get(pk=accept_task["id"])
    CaseTask.objects.filter(pk=accept_task["id"]).update(
        escalation_level=1, escalated_at=timezone.now()
    )

    assert not _won(stale, None, reminded_at=timezone.now())
    assert CaseTask.objects.get(pk=accept_task["id"]).reminded_at is None


def test_the_dispatcher_says_how_many_alerts_it_sent(
    city, accept_task, time_machine, django_capture_on_commit_callbacks
):
    file_appeal(city, record=another_record(city, 1).pk)  # a second accept step, due the same day
    time_machine.move_to(REMINDER)
    printed = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("fire_timers", stdout=printed)

    assert printed.getvalue().strip() == "2 timer(s) fired"
    assert [to for (to, _subject) in _mails().elements()] == ["reviewer", "reviewer"]
