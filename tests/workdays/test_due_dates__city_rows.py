"""The city's own calendar rows on an unpublished year (workdays/due_dates.py): a day the city
adds does not confirm the year, and a year confirmed by hand without listing any day is plain
Monday–Friday, confirmed, under its own source."""

import datetime

import pytest
from django.urls import reverse

from workflows.workdays.due_dates import DueDate, add_workdays
from workflows.workdays.models import CalendarYear, DayKind, OfficialDay
from workflows.workdays.official_calendar import STATUTORY_SOURCE
from workflows.workdays.services import calendar_changed

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def signed_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("calendar-reader", password="pw"))
    return client


def _year(client, year: int) -> dict:
    response = client.get(reverse("calendar-year", args=[str(year)]))
    assert response.status_code == 200, response.content
    return response.json()


def test_a_city_day_on_an_unpublished_year_leaves_it_provisional(signed_in, recompute_hook):
    year = CalendarYear.objects.create(year=2027)
    OfficialDay.objects.create(
        calendar_year=year, date=D(2027, 3, 1), kind=DayKind.HOLIDAY, name="城市纪念日"
    )
    calendar_changed(year=2027)

    body = _year(signed_in, 2027)
    assert body["confirmed"] is False
    assert {"date": "2027-03-01", "name": "城市纪念日"} in body["holidays"]
    due = add_workdays(D(2027, 2, 26), 1)  # Friday: Monday 1 March is the city's holiday
    assert (due.due, due.provisional) == (D(2027, 3, 2), True)


@pytest.mark.parametrize("source", ["市政府通知", ""])
def test_a_year_confirmed_without_days_is_monday_to_friday(signed_in, recompute_hook, source):
    CalendarYear.objects.create(year=2027, confirmed=True, source=source)
    calendar_changed(year=2027)

    body = _year(signed_in, 2027)
    assert body == {
        "year": 2027,
        "confirmed": True,
        "source": source,
        "holidays": [],
        "workdays": [],
    }
    due = add_workdays(D(2027, 2, 5), 1)  # Friday before the Spring Festival: not a holiday here
    assert (due.due, due.provisional) == (D(2027, 2, 8), False)
    # and New Year's Day, a Friday, is a working day like any other
    assert add_workdays(D(2026, 12, 31), 1) == DueDate(due=D(2027, 1, 1), provisional=False)


def test_a_day_filed_under_another_years_row_counts_in_its_own_year(signed_in, recompute_hook):
    """A hand edit may file a date under the wrong year's row: it counts in the year of its date,
    which stays unconfirmed, with the statutory holidays' source."""
    year_2026 = CalendarYear.objects.create(year=2026, source="国办发明电〔2025〕7号")
    OfficialDay.objects.create(
        calendar_year=year_2026, date=D(2027, 3, 1), kind=DayKind.HOLIDAY, name="城市纪念日"
    )
    calendar_changed(year=2027)

    body = _year(signed_in, 2027)
    assert (body["confirmed"], body["source"]) == (False, STATUTORY_SOURCE)
    assert {"date": "2027-03-01", "name": "城市纪念日"} in body["holidays"]
