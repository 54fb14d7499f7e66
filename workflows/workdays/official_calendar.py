"""The only door to the calendar libraries.

chinese_calendar ships the State Council's schedules (2004 to its last year); for a later year
lunar-python gives the lunar dates and the Qingming solar term, so the statutory holidays are known
even before the year's notice is published (only the adjusted working weekends are not).
"""

import datetime
from functools import cache
from importlib.metadata import version

import chinese_calendar
from chinese_calendar import constants
from lunar_python import Lunar, Solar

from .models import DayKind

SOURCE = f"chinesecalendar {getattr(chinese_calendar, '__version__', '')}".strip()
STATUTORY_SOURCE = (
    f"全国年节及纪念日放假办法（2025年修订）法定节假日，lunar-python {version('lunar-python')} 推算；"
    "调休未知，待导入当年通知"
)


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


def _days(first: datetime.date, count: int, name: str) -> dict[datetime.date, tuple[str, str]]:
    return {
        first + datetime.timedelta(days=offset): (DayKind.HOLIDAY, name) for offset in range(count)
    }


@cache
def statutory_holidays(year: int) -> dict[datetime.date, tuple[str, str]]:
    """The statutory holidays of a year by the national rules as revised from 2025 (domain.md §5).

    New Year 1 day; Spring Festival 4 days from New Year's Eve (the last day of the twelfth lunar
    month) to the third day of the first; Qingming on its solar term; Labour Day 1–2 May; Dragon
    Boat the 5th of the 5th lunar month; Mid-Autumn the 15th of the 8th; National Day 1–3 October.
    """
    spring_festival = Lunar.fromYmd(year, 1, 1).getSolar()
    eve = datetime.date(
        spring_festival.getYear(), spring_festival.getMonth(), spring_festival.getDay()
    ) - datetime.timedelta(days=1)
    qingming = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"]
    dragon_boat = Lunar.fromYmd(year, 5, 5).getSolar()
    mid_autumn = Lunar.fromYmd(year, 8, 15).getSolar()

    def solar(day) -> datetime.date:
        return datetime.date(day.getYear(), day.getMonth(), day.getDay())

    days: dict[datetime.date, tuple[str, str]] = {}
    days.update(_days(datetime.date(year, 1, 1), 1, "元旦"))
    days.update(_days(eve, 4, "春节"))
    days.update(_days(solar(qingming), 1, "清明节"))
    days.update(_days(datetime.date(year, 5, 1), 2, "劳动节"))
    days.update(_days(solar(dragon_boat), 1, "端午节"))
    days.update(_days(solar(mid_autumn), 1, "中秋节"))
    days.update(_days(datetime.date(year, 10, 1), 3, "国庆节"))
    return days
