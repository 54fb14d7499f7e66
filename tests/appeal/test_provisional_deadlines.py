"""A deadline in a year without a published schedule is provisional until the schedule is imported."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from workflows.casework.models import CaseTask
from workflows.workdays.due_dates import end_of_day
from workflows.workdays.services import calendar_year_import

from .helpers import client_for, complete, file_appeal, only_task

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_importing_2027_recomputes_open_provisional_deadlines(city, time_machine):
    # accepted on Thursday 2026-12-24: verification's 10 working days run into January 2027
    time_machine.move_to(datetime.datetime(2026, 12, 24, 10, 0, tzinfo=SHANGHAI))
    file_appeal(city)
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    verify = only_task(city.verifier_market, "verify")
    # 2027 unpublished: Mon–Fri less the computed statutory holidays (New Year's Day, Friday
    # 1 January): Dec 25, 28, 29, 30, 31, Jan 4, 5, 6, 7, 8
    assert datetime.datetime.fromisoformat(verify["due_at"]) == end_of_day(
        datetime.date(2027, 1, 8)
    )
    assert verify["provisional_deadline"] is True
    case = client_for(city.filer_finance).get(f"/api/v1/cases/{verify['case']}/").json()
    assert case["provisional_deadline"] is True

    # the State Council publishes 2027: New Year's Day off, Saturday 2 January worked (调休)
    calendar_year_import(
        year=2027,
        days=[
            (datetime.date(2027, 1, 1), "holiday", "元旦"),
            (datetime.date(2027, 1, 2), "workday", "元旦调休"),
        ],
        source="国务院办公厅关于2027年部分节假日安排的通知",
    )

    verify = only_task(city.verifier_market, "verify")
    assert verify["provisional_deadline"] is False
    new_due = end_of_day(datetime.date(2027, 1, 7))
    assert datetime.datetime.fromisoformat(verify["due_at"]) == new_due
    # the alerts follow the due time the inbox shows: the reminder at 09:00 of its last day
    reminder = datetime.datetime(2027, 1, 7, 9, 0, tzinfo=SHANGHAI)
    assert CaseTask.objects.get(pk=verify["id"]).next_alert_at == reminder
    assert not CaseTask.objects.filter(is_open=True, is_provisional=True).exists()
