"""Every process counts with the calendar another process changed (workdays/due_dates.py): a
change announced through the shared cache is used from the next second on, and a process that
cannot see the announcement (a per-process cache) reloads after five minutes at the latest.

Another process writes the calendar's rows (here, through this test's database connection) and
announces the change: a real second process runs `calendar_cache_clear` against a cache both
share (a file-based one). The seconds are those of the clock `due_dates` reads."""

import datetime
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from workflows.workdays import due_dates
from workflows.workdays.due_dates import add_workdays, calendar_cache_clear, is_workday
from workflows.workdays.models import CalendarYear, DayKind, OfficialDay

pytestmark = pytest.mark.django_db

D = datetime.date
FRIDAY = D(2026, 10, 9)  # a working day in chinese_calendar's 2026


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


ANNOUNCE = """
import sys, django
django.setup()
from django.test.utils import override_settings
with override_settings(CACHES={"default": {"BACKEND": sys.argv[1], "LOCATION": sys.argv[2]}}):
    from workflows.workdays.due_dates import calendar_cache_clear
    calendar_cache_clear()
"""
FILE_CACHE = "django.core.cache.backends.filebased.FileBasedCache"


@pytest.fixture
def shared_cache(settings, tmp_path) -> Path:
    settings.CACHES = {"default": {"BACKEND": FILE_CACHE, "LOCATION": str(tmp_path)}}
    return tmp_path


@pytest.fixture
def clock(monkeypatch, shared_cache) -> Clock:
    clock = Clock()
    monkeypatch.setattr(due_dates, "time", types.SimpleNamespace(monotonic=clock.monotonic))
    calendar_cache_clear()  # this process's copy starts on this clock
    return clock


def _another_process_makes_friday_a_holiday(location: Path, *, announced: bool) -> None:
    year = CalendarYear.objects.create(year=2026, confirmed=True, source="市政府通知")
    OfficialDay.objects.create(
        calendar_year=year, date=FRIDAY, kind=DayKind.HOLIDAY, name="城市纪念日"
    )
    if announced:
        subprocess.run(
            [sys.executable, "-c", ANNOUNCE, FILE_CACHE, str(location)],
            check=True,
            cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
            timeout=60,
        )


def test_a_change_announced_by_another_process_counts_from_the_next_second(
    clock, shared_cache, django_assert_num_queries
):
    assert is_workday(FRIDAY)
    clock.now += 1.0
    with django_assert_num_queries(0):  # nothing announced: the copy in hand is used
        assert is_workday(FRIDAY)
    _another_process_makes_friday_a_holiday(shared_cache, announced=True)

    clock.now += 0.5
    assert is_workday(FRIDAY)  # within the second this process does not look

    clock.now += 0.5
    assert not is_workday(FRIDAY)
    assert add_workdays(D(2026, 10, 8), 1).due == D(2026, 10, 10)  # the adjusted Saturday
    clock.now += 1.0
    with django_assert_num_queries(0):  # read once, not again at every look
        assert not is_workday(FRIDAY)


def test_without_the_announcement_a_process_reloads_after_five_minutes(clock, shared_cache):
    assert is_workday(FRIDAY)
    _another_process_makes_friday_a_holiday(shared_cache, announced=False)

    clock.now += 300.0
    assert is_workday(FRIDAY)  # exactly five minutes old: still in use

    clock.now += 1.0
    assert not is_workday(FRIDAY)
