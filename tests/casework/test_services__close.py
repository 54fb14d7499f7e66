"""Closing a case (case_mark_closed, which every process calls when its case is decided): the
case's own whole-case clocks stop and owe no alert, a suspension ends with it, and nothing of
any other case changes (on the probe process)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from workflows.casework.models import Case, CaseClock, CaseEvent
from workflows.casework.services import CASE_CLOSED, case_mark_closed, case_suspend

from .conftest import client_for, complete, inbox

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _accepted(town) -> int:
    filed = client_for(town.filer).post(
        "/api/v1/probes/", {"subject": town.subject.pk, "note": "probe note"}, format="json"
    )
    intake = [t for t in inbox(town.reviewer) if t["case"] == filed.json()["id"]][0]
    assert complete(town.reviewer, intake["id"], "accept").status_code == 200
    return filed.json()["id"]


def _clock(case_id) -> tuple:
    clock = CaseClock.objects.get(case_id=case_id)
    return clock.is_open, clock.next_alert_at is not None


def test_closing_a_suspended_case_ends_its_suspension_and_stops_only_its_own_clocks(
    town, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI))
    closing, other = _accepted(town), _accepted(town)
    case_suspend(case=Case.objects.get(pk=closing), by=town.supervisor, reason="等待材料")
    case = Case.objects.get(pk=closing)

    case_mark_closed(case=case)

    stored = Case.objects.get(pk=closing)
    for seen in (stored, case):  # what is stored, and the caller's object it may save again
        assert (seen.closed_at is not None, seen.suspended_at, seen.suspension_reason) == (
            True,
            None,
            "",
        )
    assert _clock(closing) == (False, False)
    assert _clock(other) == (True, True)

    # a running case's clock owes its reminder until it closes, then nothing
    case_mark_closed(case=Case.objects.get(pk=other))
    assert _clock(other) == (False, False)


def test_a_step_still_open_on_a_closed_case_cannot_be_acted_on(town):
    """A closed case is decided: a step its process left open is refused, and nothing is recorded."""
    filed = client_for(town.filer).post(
        "/api/v1/probes/", {"subject": town.subject.pk, "note": "probe note"}, format="json"
    )
    intake = [t for t in inbox(town.reviewer) if t["case"] == filed.json()["id"]][0]
    case_mark_closed(case=Case.objects.get(pk=filed.json()["id"]))

    response = complete(town.reviewer, intake["id"], "accept")

    assert response.status_code == 409
    with translation.override("zh-hans"):
        assert response.json()["detail"] == str(CASE_CLOSED)
    assert not CaseEvent.objects.filter(case_id=filed.json()["id"], step="intake").exists()
