"""Working-day arithmetic for every legal time limit (Civil Code arts. 201, 203), cached per year."""

import datetime
import threading
import time
import uuid
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.cache import cache

from . import official_calendar
from .models import CalendarYear, DayKind, OfficialDay

LEGAL_TZ = ZoneInfo("Asia/Shanghai")

# shared through Django's cache so every process drops its copy when the calendar changes
_VERSION_KEY = "workdays:calendar-version"
# how often a process looks at the shared key: a cache read per call would dominate the cost
_CHECK_INTERVAL_SECONDS = 1.0
# a process that cannot see the shared key (per-process cache backend) still reloads this often
_MAX_AGE_SECONDS = 300.0


@dataclass(frozen=True)
class DueDate:
    due: datetime.date
    # True when a year the count touched has no confirmed schedule (Monday–Friday assumed)
    provisional: bool


@dataclass(frozen=True)
class YearCalendar:
    """One year as the calendar sees it: chinese_calendar's days with the city's rows on top."""

    year: int
    confirmed: bool
    source: str
    days: dict[datetime.date, tuple[str, str]]
    # ordinals of every working day of the year, sorted, so counting is a bisect
    working: list[int] = field(repr=False)

    def is_workday(self, day: datetime.date) -> bool:
        official = self.days.get(day)
        if official is not None:
            return official[0] == DayKind.WORKDAY
        return day.weekday() < 5


@dataclass(frozen=True)
class _DbYear:
    confirmed: bool
    source: str
    days: dict[datetime.date, tuple[str, str]]


class _State:
    def __init__(self, token: object) -> None:
        self.token = token
        self.loaded_at = self.checked_at = time.monotonic()
        self.db: dict[int, _DbYear] | None = None
        self.years: dict[int, YearCalendar] = {}


_lock = threading.Lock()
_state = _State(token=None)


def calendar_cache_clear() -> None:
    """Forget every cached year here and, through the shared cache, in every other process."""
    global _state
    token = uuid.uuid4().hex
    cache.set(_VERSION_KEY, token, None)
    with _lock:
        _state = _State(token=token)


def _current() -> _State:
    global _state
    state = _state
    now = time.monotonic()
    if now - state.checked_at < _CHECK_INTERVAL_SECONDS:
        return state
    state.checked_at = now
    token = cache.get(_VERSION_KEY)
    if token != state.token or now - state.loaded_at > _MAX_AGE_SECONDS:
        with _lock:
            if _state is state:
                _state = _State(token=token)
            state = _state
    return state


def _load_db() -> dict[int, _DbYear]:
    meta = {y.year: y for y in CalendarYear.objects.all()}
    days: dict[int, dict[datetime.date, tuple[str, str]]] = {}
    for day, kind, name in OfficialDay.objects.values_list("date", "kind", "name"):
        days.setdefault(day.year, {})[day] = (kind, name)
    years = {}
    for year in set(meta) | set(days):
        row = meta.get(year)
        years[year] = _DbYear(
            confirmed=bool(row and row.confirmed),
            source=row.source if row else "",
            days=days.get(year, {}),
        )
    return years


def _build(year: int, db_year: _DbYear | None) -> YearCalendar:
    known = official_calendar.knows_year(year)
    if known:
        days = official_calendar.official_days(year)
        source = official_calendar.SOURCE
    elif db_year is not None and db_year.confirmed:
        # an imported notice lists every holiday and adjusted working day itself
        days, source = {}, ""
    else:
        # no published schedule: the statutory holidays, computed; still provisional
        days = dict(official_calendar.statutory_holidays(year))
        source = official_calendar.STATUTORY_SOURCE
    confirmed = known
    if db_year is not None:
        # the city's own rows win where both speak
        days.update(db_year.days)
        confirmed = confirmed or db_year.confirmed
        source = db_year.source or source
    partial = YearCalendar(year=year, confirmed=confirmed, source=source, days=days, working=[])
    first = datetime.date(year, 1, 1).toordinal()
    last = datetime.date(year, 12, 31).toordinal()
    working = [
        o for o in range(first, last + 1) if partial.is_workday(datetime.date.fromordinal(o))
    ]
    return YearCalendar(year=year, confirmed=confirmed, source=source, days=days, working=working)


def _year(state: _State, year: int) -> YearCalendar:
    found = state.years.get(year)
    if found is None:
        if state.db is None:
            state.db = _load_db()
        found = _build(year, state.db.get(year))
        state.years[year] = found
    return found


def year_calendar(year: int) -> YearCalendar:
    """The year's merged schedule: whether it is confirmed, its source and its official days."""
    return _year(_current(), year)


def is_workday(d: datetime.date) -> bool:
    return _year(_current(), d.year).is_workday(d)


def add_workdays(start: datetime.date, days: int) -> DueDate:
    """The `days`-th working day after `start` (which does not count); days=0: start or the next working day."""
    if days < 0:
        raise ValueError("days must not be negative")
    state = _current()
    cal = _year(state, start.year)
    ordinal = start.toordinal()
    if days == 0:
        index = bisect_left(cal.working, ordinal)
    else:
        index = bisect_right(cal.working, ordinal) + days - 1
    provisional = not cal.confirmed
    while index >= len(cal.working):
        index -= len(cal.working)
        cal = _year(state, cal.year + 1)
        provisional = provisional or not cal.confirmed
    return DueDate(due=datetime.date.fromordinal(cal.working[index]), provisional=provisional)


def next_workday(d: datetime.date) -> datetime.date:
    """The first working day strictly after d."""
    return add_workdays(d, 1).due


def previous_workday(d: datetime.date) -> datetime.date:
    """The last working day strictly before d (e.g. the day a reminder is due)."""
    state = _current()
    cal = _year(state, d.year)
    index = bisect_left(cal.working, d.toordinal()) - 1
    while index < 0:
        cal = _year(state, cal.year - 1)
        index += len(cal.working)
    return datetime.date.fromordinal(cal.working[index])


def workdays_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after start up to and including end; 0 if end <= start."""
    if end <= start:
        return 0
    state = _current()
    total = 0
    for year in range(start.year, end.year + 1):
        working = _year(state, year).working
        low = bisect_right(working, start.toordinal()) if year == start.year else 0
        high = bisect_right(working, end.toordinal()) if year == end.year else len(working)
        total += high - low
    return total


def add_calendar_days(start: datetime.date, days: int) -> DueDate:
    """A period of calendar days; a last day that is not a working day moves to the next one."""
    if days < 0:
        raise ValueError("days must not be negative")
    state = _current()
    target = start + datetime.timedelta(days=days)
    due = add_workdays(target, 0).due
    provisional = any(not _year(state, year).confirmed for year in range(start.year, due.year + 1))
    return DueDate(due=due, provisional=provisional)


def end_of_day(d: datetime.date) -> datetime.datetime:
    """24:00 of d in Asia/Shanghai, i.e. the next day's 00:00 +08:00."""
    return datetime.datetime.combine(d + datetime.timedelta(days=1), datetime.time(), LEGAL_TZ)


def local_date(moment: datetime.datetime | datetime.date) -> datetime.date:
    """The Asia/Shanghai calendar date of a moment; a naive datetime is taken as Shanghai time."""
    if isinstance(moment, datetime.datetime):
        if moment.tzinfo is None:
            return moment.date()
        return moment.astimezone(LEGAL_TZ).date()
    return moment


def deadline_at(
    start: datetime.datetime | datetime.date, days: int
) -> tuple[datetime.datetime, bool]:
    """When a period of `days` working days from `start` runs out, and whether that is provisional."""
    due = add_workdays(local_date(start), days)
    return end_of_day(due.due), due.provisional
