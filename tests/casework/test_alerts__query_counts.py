"""What the alert sweep costs in queries: naming who has yet to answer a joint step reads the
waiting participants with their departments at once, so the supervisor's alert costs the same
however many participants are still waiting."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workflows.casework.models import Notification

from .conftest import client_for, complete, inbox, task_of

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(day, hour=10):
    return datetime.datetime(2026, 11, day, hour, 0, tzinfo=SHANGHAI)


def _at_consult(town, time_machine, day) -> dict:
    """A probe case filed, accepted and worked on day `day` of November: its joint consult step
    (the credit office's reviewer and the inspection office's inspector) is open."""
    time_machine.move_to(_at(day))
    payload = {"subject": town.subject.pk, "note": "probe note"}
    case = client_for(town.filer).post("/api/v1/probes/", payload, format="json").json()
    [intake] = [t for t in _open(town.reviewer, "intake") if t["case"] == case["id"]]
    assert complete(town.reviewer, intake["id"], "accept").status_code == 200
    assert complete(town.filer, task_of(town.filer, "work")["id"], "done").status_code == 200
    [consult] = [t for t in _open(town.reviewer, "consult") if t["case"] == case["id"]]
    return consult


def _open(user, step) -> list[dict]:
    return [t for t in inbox(user) if t["step"] == step]


def _sweep_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        call_command("fire_timers", stdout=io.StringIO())
    return len(queries.captured_queries)


def test_the_supervisors_alert_costs_the_same_however_many_have_yet_to_answer(town, time_machine):
    # Monday 2 November: both still to answer; Tuesday 3 November: the reviewer has answered.
    # Each consult (5 working days) runs out a day apart, and reaches the supervisor two working
    # days later: the end of Wednesday 11 and of Thursday 12 November.
    both_waiting = _at_consult(town, time_machine, 2)
    one_waiting = _at_consult(town, time_machine, 3)
    answered = complete(
        town.reviewer, one_waiting["id"], "opinion", outcome="agree", reasons="同意"
    )
    assert answered.status_code == 200
    time_machine.move_to(_at(11))
    call_command("fire_timers", stdout=io.StringIO())  # the leaders' alerts
    Notification.objects.all().delete()

    def escalated() -> set:
        return set(
            Notification.objects.filter(key__startswith="escalate2:").values_list("key", flat=True)
        )

    time_machine.move_to(_at(12))
    two = _sweep_queries()
    # this sweep alerted on the consult both have yet to answer (and its case's clock) only
    assert f"escalate2:{both_waiting['id']}" in escalated()
    assert f"escalate2:{one_waiting['id']}" not in escalated()
    time_machine.move_to(_at(13))
    one = _sweep_queries()
    assert f"escalate2:{one_waiting['id']}" in escalated()

    # each alert named whoever was still waiting, with their department
    told = dict(Notification.objects.filter(recipient=town.supervisor).values_list("key", "body"))
    assert told[f"escalate2:{both_waiting['id']}"].endswith(
        "尚未提出意见：市信用办 审核人员、市纪委监委 纪检监察人员。"
    )
    assert told[f"escalate2:{one_waiting['id']}"].endswith(
        "尚未提出意见：市纪委监委 纪检监察人员。"
    )
    assert two == one
