"""The reminder is due at 09:00 of the limit's last working day; a clock created later than that
(a step opened on its own last day) is reminded at once — when it was created, whenever the
sweep asks."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from workflows.casework.deadlines import compute_due, next_alert_at, reminder_moment
from workflows.casework.models import CaseClock, CaseTask
from workflows.workdays.due_dates import end_of_day

SHANGHAI = ZoneInfo("Asia/Shanghai")
DUE = datetime.datetime(2026, 11, 10, 0, 0, tzinfo=SHANGHAI)  # the end of Monday 9 November


def test_the_reminder_is_at_09_00_of_the_last_working_day():
    created = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI)
    for clock in (
        CaseTask(due_at=DUE, created_at=created),
        CaseClock(due_at=DUE, created_at=created),
    ):
        assert reminder_moment(clock) == datetime.datetime(2026, 11, 9, 9, 0, tzinfo=SHANGHAI)


def test_a_clock_created_on_its_last_day_after_09_00_is_reminded_when_it_was_created(time_machine):
    created = datetime.datetime(2026, 11, 9, 15, 30, tzinfo=SHANGHAI)
    time_machine.move_to(datetime.datetime(2026, 11, 9, 18, 0, tzinfo=SHANGHAI), tick=False)
    for clock in (
        CaseTask(due_at=DUE, created_at=created),
        CaseClock(due_at=DUE, created_at=created),
    ):
        assert reminder_moment(clock) == created


@pytest.mark.django_db  # the working-day calendar
def test_a_deadline_set_for_the_case_is_its_day_unless_extended_or_suspended():
    """A fixed deadline (a rectification's) counts no working days, so it rests on no calendar;
    days added to it are working days."""
    fixed = datetime.date(2026, 11, 20)  # a Friday
    assert compute_due(CaseTask(fixed_due_on=fixed)) == (end_of_day(fixed), False)
    extended = CaseTask(fixed_due_on=fixed, extended_days=1, suspended_days=1)
    assert compute_due(extended) == (end_of_day(datetime.date(2026, 11, 24)), False)
    counted = CaseTask(started_on=datetime.date(2026, 11, 2), limit_days=5)
    assert compute_due(counted) == (DUE, False)


def test_once_reminded_the_next_look_is_at_the_due_time():
    created = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI)
    reminder = datetime.datetime(2026, 11, 9, 9, 0, tzinfo=SHANGHAI)
    clock = CaseTask(due_at=DUE, created_at=created, is_open=True)
    assert next_alert_at(clock, suspended=False) == reminder

    clock.reminded_at = reminder
    assert next_alert_at(clock, suspended=False) == DUE
