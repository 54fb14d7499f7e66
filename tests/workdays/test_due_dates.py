"""Working-day counting against the State Council's 2026 holiday notice, as chinese_calendar ships it."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from workflows.workdays.due_dates import (
    DueDate,
    add_calendar_days,
    add_workdays,
    calendar_cache_clear,
    deadline_at,
    end_of_day,
    is_workday,
    next_workday,
    previous_workday,
    workdays_between,
    year_calendar,
)
from workflows.workdays.models import CalendarYear, DayKind, OfficialDay
from workflows.workdays.services import calendar_year_import

pytestmark = pytest.mark.django_db

D = datetime.date
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_national_day_holiday_is_skipped():
    # 2026 notice: Oct 1 (Thu) – Oct 7 (Wed) off, Sun Sep 20 and Sat Oct 10 worked.
    # Start Wed Sep 30 does not count; Oct 1–7 are off; day 1 = Thu Oct 8, day 2 = Fri Oct 9.
    assert add_workdays(D(2026, 9, 30), 2) == DueDate(due=D(2026, 10, 9), provisional=False)


def test_adjusted_working_saturday_after_national_day_counts():
    # as above, day 3 = Sat Oct 10, an adjusted working day, not Mon Oct 12
    assert add_workdays(D(2026, 9, 30), 3).due == D(2026, 10, 10)


def test_adjusted_working_saturday_before_spring_festival_counts():
    # 2026 notice: Sat Feb 14 is worked; the day after Fri Feb 13 is therefore Sat Feb 14
    assert is_workday(D(2026, 2, 14))
    assert add_workdays(D(2026, 2, 13), 1).due == D(2026, 2, 14)


def test_adjusted_working_sunday_counts():
    # Sun Sep 20 is worked (for National Day); Sat Sep 19 is not
    assert not is_workday(D(2026, 9, 19))
    assert add_workdays(D(2026, 9, 18), 1).due == D(2026, 9, 20)


def test_start_inside_spring_festival_counts_from_first_working_day():
    # Spring Festival 2026: Feb 15 (Sun) – Feb 23 (Mon) off; first working day Tue Feb 24.
    # Started on Wed Feb 18: day 1 = Tue Feb 24, day 2 = Wed Feb 25.
    assert add_workdays(D(2026, 2, 18), 2) == DueDate(due=D(2026, 2, 25), provisional=False)
    assert add_workdays(D(2026, 2, 18), 1).due == D(2026, 2, 24)


def test_zero_days_is_the_start_day_when_working_else_the_next_working_day():
    assert add_workdays(D(2026, 9, 30), 0).due == D(2026, 9, 30)
    # Sat Oct 3 is inside National Day; next working day Thu Oct 8
    assert add_workdays(D(2026, 10, 3), 0).due == D(2026, 10, 8)


def test_count_into_2027_is_provisional_and_does_not_raise():
    # Mon Dec 28, 2026: Dec 29, 30, 31 = 3; 2027 unpublished: Fri Jan 1 is New Year's Day,
    # Jan 4–8 = 4..8, Jan 11 = 9, Tue Jan 12 = 10
    assert add_workdays(D(2026, 12, 28), 10) == DueDate(due=D(2027, 1, 12), provisional=True)


def test_the_day_after_new_years_eve_2026_is_monday_4_january_provisionally():
    assert add_workdays(D(2026, 12, 31), 1) == DueDate(due=D(2027, 1, 4), provisional=True)


def test_spring_festival_2027_is_computed_from_the_lunar_calendar():
    # New Year's Eve is Fri 2027-02-05; the holiday runs to the third day, Mon 2027-02-08
    assert add_workdays(D(2027, 2, 4), 1) == DueDate(due=D(2027, 2, 9), provisional=True)


def test_the_statutory_holidays_of_an_unpublished_year():
    holidays = {
        day: name
        for day, (kind, name) in year_calendar(2027).days.items()
        if kind == DayKind.HOLIDAY
    }

    assert holidays == {
        D(2027, 1, 1): "元旦",
        D(2027, 2, 5): "春节",
        D(2027, 2, 6): "春节",
        D(2027, 2, 7): "春节",
        D(2027, 2, 8): "春节",
        D(2027, 4, 5): "清明节",
        D(2027, 5, 1): "劳动节",
        D(2027, 5, 2): "劳动节",
        D(2027, 6, 9): "端午节",
        D(2027, 9, 15): "中秋节",
        D(2027, 10, 1): "国庆节",
        D(2027, 10, 2): "国庆节",
        D(2027, 10, 3): "国庆节",
    }
    assert not year_calendar(2027).confirmed


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # a Spring Festival in January, Qingming on 4 April, Mid-Autumn inside National Day
        (2028, {D(2028, 1, 25), D(2028, 1, 28), D(2028, 4, 4), D(2028, 5, 28), D(2028, 10, 3)}),
        (2030, {D(2030, 2, 2), D(2030, 2, 5), D(2030, 4, 5), D(2030, 6, 5), D(2030, 9, 12)}),
    ],
)
def test_lunar_holidays_of_later_years(year, expected):
    days = year_calendar(year).days

    assert all(days[day][0] == DayKind.HOLIDAY for day in expected)


def test_only_official_calendar_imports_the_lunar_library():
    root = Path(__file__).resolve().parents[2] / "workflows"
    importers = {
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if "lunar_python" in path.read_text(encoding="utf-8")
    }

    assert importers == {"workdays/official_calendar.py"}


def test_count_inside_a_known_year_is_not_provisional_near_year_end():
    assert add_workdays(D(2026, 12, 28), 3) == DueDate(due=D(2026, 12, 31), provisional=False)


def test_importing_2027_confirms_and_moves_the_deadline(recompute_hook):
    assert add_workdays(D(2026, 12, 28), 10) == DueDate(due=D(2027, 1, 12), provisional=True)

    calendar_year_import(
        year=2027,
        days=[
            (D(2027, 1, 1), "holiday", "元旦"),
            (D(2027, 1, 9), "workday", "调休"),
            (D(2027, 2, 6), "holiday", "春节"),
        ],
        source="test notice",
    )

    # Sat Jan 9 now worked: Dec 29–31 = 3, Jan 4–8 = 4..8, Jan 9 = 9, Mon Jan 11 = 10
    assert add_workdays(D(2026, 12, 28), 10) == DueDate(due=D(2027, 1, 11), provisional=False)
    # the imported notice replaces the computed holidays: it lists every one itself
    assert is_workday(D(2027, 2, 5))
    assert recompute_hook == [2027]


def test_city_rows_override_chinese_calendar():
    # the city makes Fri Oct 9, 2026 an extra day off, and works Sat Oct 17
    year = CalendarYear.objects.create(year=2026, confirmed=False)
    OfficialDay.objects.create(calendar_year=year, date=D(2026, 10, 9), kind="holiday", name="x")
    OfficialDay.objects.create(calendar_year=year, date=D(2026, 10, 17), kind="workday", name="y")
    # rows written outside the import service and the admin need an explicit cache clear
    calendar_cache_clear()

    assert not is_workday(D(2026, 10, 9))
    assert is_workday(D(2026, 10, 17))
    # chinese_calendar's own entries still hold where the city said nothing
    assert not is_workday(D(2026, 10, 7))


def test_unknown_year_falls_back_to_monday_to_friday():
    assert is_workday(D(2030, 1, 2))  # a Wednesday
    assert not is_workday(D(2030, 1, 1))  # New Year's Day, computed
    assert not is_workday(D(2030, 1, 5))  # a Saturday
    assert add_workdays(D(2030, 1, 4), 1) == DueDate(due=D(2030, 1, 7), provisional=True)


def test_next_and_previous_workday_skip_the_holiday():
    assert next_workday(D(2026, 9, 30)) == D(2026, 10, 8)
    assert previous_workday(D(2026, 10, 8)) == D(2026, 9, 30)
    # across a year boundary: back from Sun Jan 4, 2026 over New Year (Jan 1–3 off)
    assert previous_workday(D(2026, 1, 4)) == D(2025, 12, 31)
    # from the year's second working day back to its first, not into the year before
    assert previous_workday(D(2026, 1, 5)) == D(2026, 1, 4)


def test_workdays_between_counts_working_days_after_start_up_to_end():
    # Oct 8, 9, 10 (Sat, worked), 12 = 4
    assert workdays_between(D(2026, 9, 30), D(2026, 10, 12)) == 4
    assert workdays_between(D(2026, 10, 12), D(2026, 9, 30)) == 0
    assert workdays_between(D(2026, 9, 30), D(2026, 9, 30)) == 0
    # Dec 31, 2026 (1) + Jan 4, 2027 (2): New Year's Day is computed for the unpublished year
    assert workdays_between(D(2026, 12, 30), D(2027, 1, 4)) == 2


def test_calendar_days_ending_on_a_holiday_move_to_next_working_day():
    # Sep 24 + 10 calendar days = Sun Oct 4, inside National Day; next working day Thu Oct 8
    assert add_calendar_days(D(2026, 9, 24), 10) == DueDate(due=D(2026, 10, 8), provisional=False)
    # Sep 1 + 10 = Fri Sep 11, a working day: unchanged
    assert add_calendar_days(D(2026, 9, 1), 10).due == D(2026, 9, 11)
    assert add_calendar_days(D(2026, 12, 1), 60).provisional


@pytest.mark.parametrize("count", [add_workdays, add_calendar_days])
def test_a_period_of_no_days_ends_where_it_starts_and_a_negative_one_is_refused(count):
    assert count(D(2026, 9, 1), 0).due == D(2026, 9, 1)  # a working day
    with pytest.raises(ValueError, match="^days must not be negative$"):
        count(D(2026, 9, 1), -1)


def test_deadline_ends_at_midnight_shanghai_of_the_last_day():
    assert end_of_day(D(2026, 10, 9)) == datetime.datetime(2026, 10, 10, 0, 0, tzinfo=SHANGHAI)

    # 17:00 UTC on Sep 29 is already 01:00 on Sep 30 in Shanghai: counting starts from Sep 30
    started = datetime.datetime(2026, 9, 29, 17, 0, tzinfo=datetime.UTC)
    due_at, provisional = deadline_at(started, 2)

    assert due_at == datetime.datetime(2026, 10, 10, 0, 0, tzinfo=SHANGHAI)
    assert due_at.isoformat() == "2026-10-10T00:00:00+08:00"
    assert provisional is False


def test_deadline_in_an_unconfirmed_year_is_provisional():
    due_at, provisional = deadline_at(D(2026, 12, 28), 10)

    assert due_at == datetime.datetime(2027, 1, 13, 0, 0, tzinfo=SHANGHAI)
    assert provisional is True
