"""Deadline timers: a reminder the working day before due, escalation once when overdue."""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from workflows.casework.models import CaseTask, Notification
from workflows.casework.timers import fire_timers

from .helpers import file_appeal, only_task

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(day, hour=10):
    return datetime.datetime(2026, 11, day, hour, 0, tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_reminder_then_escalations_fire_once_each(city, time_machine):
    # filed Friday 6 November: accept is due at the end of Tuesday 10 November
    time_machine.move_to(_at(6))
    file_appeal(city)
    task = only_task(city.reviewer, "accept")
    assert fire_timers() == 0

    # 09:00 on Tuesday, the last working day: the reviewer is reminded, once
    time_machine.move_to(_at(10, 9))
    assert fire_timers() == 1
    assert fire_timers() == 0
    reminders = Notification.objects.filter(key=f"remind:{task['id']}")
    assert list(reminders.values_list("recipient__username", flat=True)) == ["reviewer"]

    # Wednesday: overdue, the reviewer's leader is alerted (level 1), once
    time_machine.move_to(_at(11))
    assert fire_timers() == 1
    assert fire_timers() == 0
    case_task = CaseTask.objects.get(pk=task["id"])
    assert case_task.escalation_level == 1
    leader_alerts = Notification.objects.filter(key=f"escalate1:{task['id']}")
    assert list(leader_alerts.values_list("recipient__username", flat=True)) == ["approver"]

    # two working days later: the supervisor (level 2)
    time_machine.move_to(_at(13, 1))
    assert fire_timers() == 1
    assert CaseTask.objects.get(pk=task["id"]).escalation_level == 2
    assert (
        Notification.objects.filter(
            key=f"escalate2:{task['id']}", recipient=city.supervisor
        ).count()
        == 1
    )
    assert fire_timers() == 0


@pytest.mark.django_db
def test_completed_task_is_never_escalated(city, time_machine):
    from .helpers import complete

    time_machine.move_to(_at(6))
    file_appeal(city)
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    time_machine.move_to(_at(11))
    fire_timers()
    assert (
        not Notification.objects.filter(key__startswith="escalate1:")
        .exclude(key__endswith=str(only_task(city.verifier_market, "verify")["id"]))
        .exists()
    )


@pytest.mark.django_db
def test_suspended_case_sends_no_alerts(city, time_machine):
    from .helpers import complete

    time_machine.move_to(_at(6))
    file_appeal(city)
    complete(
        city.reviewer, only_task(city.reviewer, "accept")["id"], "request_material", missing="补充"
    )
    time_machine.move_to(_at(20))
    assert fire_timers() == 0
    assert not Notification.objects.filter(key__startswith="escalate").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_dispatchers_escalate_once(city, time_machine):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    time_machine.move_to(_at(6))
    file_appeal(city)
    task = only_task(city.reviewer, "accept")
    time_machine.move_to(_at(11))

    fired = []
    barrier = threading.Barrier(2)

    def dispatcher():
        barrier.wait()
        try:
            fired.append(fire_timers())
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(fired) == 1  # level 1, by one dispatcher (the reminder is past its use)
    assert Notification.objects.filter(key=f"escalate1:{task['id']}").count() == 1
    # the reminder's moment also passed, but a reminder after the deadline is not sent
    assert Notification.objects.filter(key=f"remind:{task['id']}").count() == 0
    assert CaseTask.objects.get(pk=task["id"]).escalation_level == 1
