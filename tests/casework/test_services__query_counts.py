"""What the engine's case operations cost in statements, exactly (issue #7's measure, on the
probe process): suspending, resuming, extending and withdrawing read each open step together
with the rows they use, in one query. A count that moves is a change to make knowingly: a
relation left out of a query costs one more statement per open step, a relation read for
nothing costs a join."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workflows.casework.models import Case, CaseClock, CaseTask
from workflows.casework.services import (
    case_file,
    case_resume,
    case_resume_by_filer,
    case_suspend,
    case_withdraw,
    task_extend,
)

from .conftest import client_for, complete, inbox

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _accepted(town, time_machine) -> Case:
    """A filed and accepted probe case: its filer's work step (with a deadline timer) and its
    whole-case clock are open."""
    time_machine.move_to(datetime.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI))
    filed = client_for(town.filer).post(
        "/api/v1/probes/", {"subject": town.subject.pk, "note": "probe note"}, format="json"
    )
    intake = [t for t in inbox(town.reviewer) if t["case"] == filed.json()["id"]][0]
    assert complete(town.reviewer, intake["id"], "accept").status_code == 200
    work = CaseTask.objects.get(case_id=filed.json()["id"], step="work", is_open=True)
    assert client_for(town.filer).post(f"/api/v1/tasks/{work.pk}/claim/").status_code == 200
    return Case.objects.get(pk=filed.json()["id"])


def _escalated(case: Case) -> None:
    """Its clocks already went to the approver (level 1): their next alert is the
    supervisor's, after the step's policy's days, which the schedule reads from the case."""
    CaseTask.objects.filter(case=case, is_open=True).update(escalation_level=1)
    CaseClock.objects.filter(case=case, is_open=True).update(escalation_level=1)


def _statements(operation) -> int:
    with CaptureQueriesContext(connection) as queries:
        operation()
    return len(queries)


def test_suspending_and_resuming_an_escalated_case(town, time_machine):
    case = _accepted(town, time_machine)
    _escalated(case)
    suspend = _statements(lambda: case_suspend(case=case, by=town.supervisor, reason="等待材料"))
    time_machine.move_to(datetime.datetime(2026, 11, 4, 10, 0, tzinfo=SHANGHAI))
    case = Case.objects.get(pk=case.pk)
    resume = _statements(lambda: case_resume(case=case, by=town.supervisor, comment=""))
    assert (suspend, resume) == (18, 16)


def test_the_filer_resuming_a_case_with_no_supply_task(town, time_machine):
    case = _accepted(town, time_machine)
    case_suspend(case=case, by=town.supervisor, reason="等待材料")
    case = Case.objects.get(pk=case.pk)
    n = _statements(lambda: case_resume_by_filer(case=case, by=town.filer, comment="已补齐"))
    assert n == 21


def test_extending_a_step(town, time_machine):
    case = _accepted(town, time_machine)
    work = CaseTask.objects.get(case=case, step="work", is_open=True)
    n = _statements(lambda: task_extend(case_task=work, by=town.approver, days=2, reason="材料多"))
    assert n == 19


def test_withdrawing_a_case_whose_step_is_claimed(town, time_machine):
    case = _accepted(town, time_machine)
    n = _statements(lambda: case_withdraw(case=case, by=town.filer, reason="已自行纠正"))
    assert n == 28


def test_the_filer_resuming_through_the_supply_task(town, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI))
    filed = client_for(town.filer).post(
        "/api/v1/probes/", {"subject": town.subject.pk, "note": "probe note"}, format="json"
    )
    intake = [t for t in inbox(town.reviewer) if t["case"] == filed.json()["id"]][0]
    asked = complete(town.reviewer, intake["id"], "request_material", missing="营业执照复印件")
    assert asked.status_code == 200
    case = Case.objects.get(pk=filed.json()["id"])
    n = _statements(lambda: case_resume_by_filer(case=case, by=town.filer, comment="已补齐"))
    assert n == 29


def test_filing_a_case(town, time_machine):
    """Numbering, the case row, the process and its first step: the flow reads the case being
    filed from memory (flows.active_case), not again from the database."""
    time_machine.move_to(datetime.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI))
    data = {"subject": town.subject.pk, "note": "probe note"}
    case_file(kind="probe", by=town.filer, data=data)  # the first one fills the engine's caches
    n = _statements(lambda: case_file(kind="probe", by=town.filer, data=data))
    assert n == 29
