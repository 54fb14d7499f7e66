"""What a step costs in queries (issue #7), on the probe process: a plain human step at most 20,
however many cases came before it."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflows.casework.models import (
    CaseClock,
    CaseEvent,
    CaseTask,
    Notification,
    TaskParticipant,
)
from workflows.casework.services import task_complete

from .conftest import client_for

pytestmark = pytest.mark.django_db

STEP_QUERY_BUDGET = 20
# the probe's accept also starts the whole-case clock (its row, history row and audit entry: 5
# statements), saves the whole probe case (2) and arms the work step's deadline timer (2): nine
# statements an appeal's accept does not make
INTAKE_QUERY_BUDGET = 28


def _journey(town):
    return [
        ("intake", town.reviewer, "accept", {}),
        ("work", town.filer, "done", {}),
        ("consult", town.reviewer, "opinion", {"outcome": "agree", "reasons": "同意。"}),
        ("consult", town.inspector, "opinion", {"outcome": "agree", "reasons": "同意。"}),
    ]


def _file(town) -> int:
    payload = {"subject": town.subject.pk, "note": "probe note"}
    return client_for(town.filer).post("/api/v1/probes/", payload, format="json").json()["id"]


def _open_task(case_id, step):
    return CaseTask.objects.select_related("case", "task").get(
        case_id=case_id, step=step, is_open=True
    )


@pytest.mark.parametrize(
    ("measured", "budget"),
    [
        (0, INTAKE_QUERY_BUDGET),  # intake: accept
        (1, STEP_QUERY_BUDGET),  # work: done, opens the joint step
        (2, STEP_QUERY_BUDGET),  # consult: the first opinion
        (3, STEP_QUERY_BUDGET),  # consult: the last opinion closes it and opens decide
    ],
)
def test_a_step_costs_at_most_its_budget_of_queries(
    town, time_machine, measured, budget, django_assert_max_num_queries
):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
    # the first case loads what the engine caches (step policies, the credit office, roles)
    first = _file(town)
    for step, by, action, data in _journey(town):
        task_complete(case_task=_open_task(first, step), by=by, action=action, data=data)
    case = _file(town)
    for index, (step, by, action, data) in enumerate(_journey(town)):
        case_task = _open_task(case, step)
        if index == measured:
            with django_assert_max_num_queries(budget):
                task_complete(case_task=case_task, by=by, action=action, data=data)
            break
        task_complete(case_task=case_task, by=by, action=action, data=data)
    # the step did everything it does: a history row, and what follows it is open
    assert CaseEvent.objects.filter(case_id=case, step=_journey(town)[measured][0]).exists()
    assert CaseTask.objects.filter(case_id=case, is_open=True).exists()
    if measured == 0:
        assert Notification.objects.filter(recipient=town.filer, case_id=case).exists()
        assert CaseClock.objects.filter(case_id=case, is_open=True).exists()
        assert _open_task(case, "work").task.previous.get().flow_task.name == "is_accepted"
    if measured == 1:  # the work step's deadline timer is disarmed with it
        timer = Task.objects.get(process__case__id=case, flow_task_type="TIMER")
        assert timer.status == STATUS.CANCELED
    if measured == 3:
        assert not TaskParticipant.objects.filter(
            case_task__case_id=case, answered_at__isnull=True
        ).exists()
        assert _open_task(case, "decide")
