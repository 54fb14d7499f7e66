"""The case page counts an open step down in working days, today not counted; on the last day it
says "due today (24:00)"; once the deadline has run out (at 24:00, i.e. 00:00 of the next day) it
says neither, and the overdue tag takes over as soon as the moment has passed.

On the probe process: filed on Monday 2 November 2026, the intake step (5 working days) is due at
the end of Monday 9 November, 2026-11-10 00:00 in Asia/Shanghai."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from .conftest import client_for

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
DUE = datetime.datetime(2026, 11, 10, 0, 0, tzinfo=SHANGHAI)
DUE_TODAY = "今日24:00到期"
LEFT = "剩余"
OVERDUE_TAG = '<span class="tag tag--overdue">'


def _intake_cell(client, case_id) -> str:
    page = client.get(reverse("casework:case", args=[case_id]))
    assert page.status_code == 200
    html = page.content.decode()
    # the open steps' table: its intake row, up to the row's end
    start = html.index("<td>Intake</td>")
    return html[start : html.index("</tr>", start)]


def test_the_countdown_ends_with_the_last_day_at_24_00(town, time_machine, client):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI), tick=False)
    payload = {"subject": town.subject.pk, "note": "probe note"}
    case = client_for(town.filer).post("/api/v1/probes/", payload, format="json").json()
    client.force_login(town.reviewer)

    # Friday 6 November: Monday 9 November is left
    time_machine.move_to(datetime.datetime(2026, 11, 6, 17, 0, tzinfo=SHANGHAI), tick=False)
    assert "剩余1个工作日" in _intake_cell(client, case["id"])

    # the last day, to its last second
    for moment in (
        datetime.datetime(2026, 11, 9, 0, 0, tzinfo=SHANGHAI),
        DUE - datetime.timedelta(seconds=1),
    ):
        time_machine.move_to(moment, tick=False)
        cell = _intake_cell(client, case["id"])
        assert DUE_TODAY in cell
        assert LEFT not in cell
        assert OVERDUE_TAG not in cell

    # 24:00: the deadline has run out, no countdown any more
    time_machine.move_to(DUE, tick=False)
    cell = _intake_cell(client, case["id"])
    assert DUE_TODAY not in cell
    assert LEFT not in cell

    # a second later, and the next morning: overdue, not "due today"
    for moment in (
        DUE + datetime.timedelta(seconds=1),
        datetime.datetime(2026, 11, 10, 9, 0, tzinfo=SHANGHAI),
    ):
        time_machine.move_to(moment, tick=False)
        cell = _intake_cell(client, case["id"])
        assert DUE_TODAY not in cell
        assert LEFT not in cell
        assert OVERDUE_TAG in cell


def test_the_inbox_counts_a_working_day_overdue_from_the_moment_after_24_00(town, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI), tick=False)
    payload = {"subject": town.subject.pk, "note": "probe note"}
    client_for(town.filer).post("/api/v1/probes/", payload, format="json")

    def intake() -> tuple:
        task = client_for(town.reviewer).get("/api/v1/tasks/").json()["results"][0]
        return task["overdue"], task["days_overdue"]

    time_machine.move_to(DUE, tick=False)  # the limit's very end: not yet overdue
    assert intake() == (False, 0)
    time_machine.move_to(DUE + datetime.timedelta(microseconds=1), tick=False)
    assert intake() == (True, 1)
