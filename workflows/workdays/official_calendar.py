"""The only door to chinese_calendar: the State Council schedules it ships (2004 to its last year)."""

import datetime
from functools import cache

import chinese_calendar
from chinese_calendar import constants

from .models import DayKind

SOURCE = f"chinesecalendar {getattr(chinese_calendar, '__version__', '')}".strip()


@cache
def known_years() -> range:
    """The years chinese_calendar has a published schedule for (it raises outside them)."""
    first = min(constants.holidays).year
    last = max(constants.holidays).year
    return range(first, last + 1)


def knows_year(year: int) -> bool:
    return year in known_years()


def _name(value: object) -> str:
    # values are Holiday enum values (English names); the Chinese name is what the notice says
    try:
        return constants.Holiday(value).chinese
    except ValueError:
        return str(value)


@cache
def _by_year() -> dict[int, dict[datetime.date, tuple[str, str]]]:
    years: dict[int, dict[datetime.date, tuple[str, str]]] = {}
    for day, value in constants.holidays.items():
        years.setdefault(day.year, {})[day] = (DayKind.HOLIDAY, _name(value))
    for day, value in constants.workdays.items():
        years.setdefault(day.year, {})[day] = (DayKind.WORKDAY, _name(value))
    return years


def official_days(year: int) -> dict[datetime.date, tuple[str, str]]:
    """The year's official holidays and adjusted working days as {date: (kind, name)}; {} if unknown."""
    return dict(_by_year().get(year, {}))


def is_workday(day: datetime.date) -> bool:
    """chinese_calendar's own answer; raises NotImplementedError outside known_years()."""
    return chinese_calendar.is_workday(day)
