"""The whole case within 10 working days: a repair whose every step is on time but whose whole runs
past 10 working days is overdue and escalated once, however often the timers fire."""

import datetime

import pytest
from django.core.management import call_command

from workflows.casework.models import CaseClock, CaseTask, Notification

from .conftest import SHANGHAI, at, complete, file_repair, make_record, task_of

pytestmark = pytest.mark.django_db

REASONS = "经审核，失信行为已纠正，建议予以修复。"


def test_steps_on_time_but_the_whole_case_late_escalates_once(city, time_machine):
    time_machine.move_to(at(11, 2))  # Monday
    case = file_repair(city.filer, make_record(city)).json()
    clock = CaseClock.objects.get(case_id=case["id"], name="case")
    # 10 working days after Monday 2 November: Monday 16 November, 24:00
    assert clock.due_at == datetime.datetime(2026, 11, 17, 0, 0, tzinfo=SHANGHAI)

    time_machine.move_to(at(11, 4))  # accept: due 4 November 24:00
    complete(city.reviewer, task_of(city.reviewer, "accept")["id"], "accept")
    time_machine.move_to(at(11, 9))  # review: 3 working days from 4 November
    complete(
        city.verifier_market,
        task_of(city.verifier_market, "review")["id"],
        "recommend_repair",
        reasons=REASONS,
    )
    time_machine.move_to(at(11, 11))  # sign: 2 working days from 9 November
    complete(city.approver, task_of(city.approver, "sign")["id"], "return", comment="请补充")
    time_machine.move_to(at(11, 16))  # review again: 3 working days from 11 November
    complete(
        city.verifier_market,
        task_of(city.verifier_market, "review")["id"],
        "recommend_repair",
        reasons=REASONS,
    )
    sign = CaseTask.objects.get(case_id=case["id"], step="sign", is_open=True)
    assert sign.due_at == datetime.datetime(2026, 11, 19, 0, 0, tzinfo=SHANGHAI)
    # no step was ever late
    assert not Notification.objects.filter(key__startswith="escalate").exists()

    time_machine.move_to(at(11, 17))
    call_command("fire_timers", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("fire_timers", stdout=open("/dev/null", "w"))  # noqa: SIM115
    clock.refresh_from_db()
    assert clock.escalation_level == 1
    assert Notification.objects.filter(key=f"escalate1:clock{clock.pk}").count() == 1
    assert not Notification.objects.filter(key=f"escalate1:{sign.pk}").exists()
    overdue = CaseTask.objects.get(pk=sign.pk)
    assert not overdue.is_overdue
