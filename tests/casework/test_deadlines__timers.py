"""Deadline timers follow their step's due time: when a case is suspended (or its step extended)
the step's own armed timer is moved, and only that one — the cost does not grow with the city's
other cases, and a deadline timer that has already fired is left as it is.

On the probe process: its work step carries a deadline timer (the case's own deadline, 14 calendar
days from acceptance) that opens the supervisor's chase step when it passes."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workflows.casework.models import Case
from workflows.casework.services import case_resume, case_suspend
from workflows.casework.timers import fire_timers

from .conftest import client_for, complete, inbox

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(day, hour=10):
    return datetime.datetime(2026, 11, day, hour, 0, tzinfo=SHANGHAI)


def _at_work(town) -> int:
    """A probe case filed and accepted now: its work step and the step's deadline timer are open."""
    payload = {"subject": town.subject.pk, "note": "probe note"}
    case = client_for(town.filer).post("/api/v1/probes/", payload, format="json").json()
    [intake] = [t for t in inbox(town.reviewer) if t["case"] == case["id"]]
    assert complete(town.reviewer, intake["id"], "accept").status_code == 200
    return case["id"]


def _suspend_queries(town, case_id) -> int:
    with CaptureQueriesContext(connection) as queries:
        case_suspend(case=Case.objects.get(pk=case_id), by=town.supervisor, reason="等待材料")
    return len(queries.captured_queries)


def _chased(town) -> list[str]:
    return sorted(t["case_number"] for t in inbox(town.supervisor) if t["step"] == "chase")


def test_suspending_a_case_moves_its_own_deadline_timer_only(town, time_machine):
    # Monday 2 November: the work step of TP-2026-000001 is due at the end of 16 November;
    # Tuesday 3 November: that of TP-2026-000002 at the end of 17 November
    time_machine.move_to(_at(2))
    fired = _at_work(town)
    time_machine.move_to(_at(3))
    armed = _at_work(town)
    time_machine.move_to(_at(17, 1))
    fire_timers()
    assert _chased(town) == ["TP-2026-000001"]

    time_machine.move_to(_at(17, 2))
    # the first case's timer has fired: suspending it has no timer to move
    without_timer = _suspend_queries(town, fired)
    one_other = _suspend_queries(town, armed)
    # more cases with armed timers elsewhere in the city
    for _ in range(3):
        _at_work(town)
    crowded = _at_work(town)
    four_others = _suspend_queries(town, crowded)

    assert without_timer < one_other
    assert four_others == one_other

    # the suspended cases' deadlines do not pass; resumed a week later, the second case's
    # work step runs 5 working days longer
    time_machine.move_to(_at(24))
    fire_timers()
    assert _chased(town) == ["TP-2026-000001"]
    case_resume(case=Case.objects.get(pk=armed), by=town.supervisor, comment="")
    fire_timers()
    assert _chased(town) == ["TP-2026-000001"]
    # 18, 19, 20, 23 and 24 November: due at the end of the 24th
    time_machine.move_to(_at(25, 1))
    fire_timers()
    assert _chased(town) == ["TP-2026-000001", "TP-2026-000002"]


def test_moving_a_timer_never_writes_back_a_state_a_dispatcher_changed_meanwhile(
    town, time_machine
):
    """The calendar moves armed timers without the flow's lock: between its read of a timer and
    its write, a dispatcher may fire that timer. The write touches the due time only, so the
    timer stays fired (a full save would set it SCHEDULED again and the deadline would fire
    twice). The dispatcher's commit is played inside that window, before the timer is saved."""
    from django.db.models.signals import pre_save
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from workflows.casework.deadlines import reschedule_deadline_timers
    from workflows.casework.models import CaseTask

    time_machine.move_to(_at(2))
    case_id = _at_work(town)
    work = CaseTask.objects.select_related("case", "task").get(case_id=case_id, step="work")
    [timer] = Task.objects.filter(previous=work.task_id, flow_task_type="TIMER")

    def dispatcher_fires_it(sender, instance, **kwargs):
        if instance.pk == timer.pk:
            Task.objects.filter(pk=timer.pk).update(status=STATUS.DONE)

    pre_save.connect(dispatcher_fires_it, sender=Task)
    try:
        reschedule_deadline_timers(work)
    finally:
        pre_save.disconnect(dispatcher_fires_it, sender=Task)

    assert Task.objects.get(pk=timer.pk).status == STATUS.DONE
