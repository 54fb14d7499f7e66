"""The calendar endpoints of docs/api.md: add-workdays and a year's schedule."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from workflows.workdays import official_calendar
from workflows.workdays.services import calendar_year_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(api_client):
    user = get_user_model().objects.create_user("calendar-reader", password="pw")
    api_client.force_authenticate(user)
    return api_client


def test_anonymous_is_refused(api_client):
    response = api_client.get(
        reverse("calendar-add-workdays"), {"start": "2026-09-30", "days": "2"}
    )

    assert response.status_code == 401
    assert api_client.get(reverse("calendar-year", args=["2026"])).status_code == 401


def test_add_workdays_skips_national_day(signed_in):
    response = signed_in.get(reverse("calendar-add-workdays"), {"start": "2026-09-30", "days": "2"})

    # Oct 1–7 off: day 1 = Thu Oct 8, day 2 = Fri Oct 9
    assert response.status_code == 200
    assert response.json() == {"due": "2026-10-09", "provisional": False}


def test_add_workdays_into_an_unpublished_year_is_provisional(signed_in):
    response = signed_in.get(
        reverse("calendar-add-workdays"), {"start": "2026-12-28", "days": "10"}
    )

    # 2027 unpublished: its statutory holidays are computed (Friday 1 January off)
    assert response.json() == {"due": "2027-01-12", "provisional": True}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"days": "2"}, "start"),
        ({"start": "30/09/2026", "days": "2"}, "start"),
        ({"start": "2026-02-30", "days": "2"}, "start"),
        ({"start": "9999-12-31", "days": "2"}, "start"),
        ({"start": "2026-09-30"}, "days"),
        ({"start": "2026-09-30", "days": "two"}, "days"),
        ({"start": "2026-09-30", "days": "-1"}, "days"),
        ({"start": "2026-09-30", "days": "366"}, "days"),
    ],
)
def test_bad_query_parameters_answer_400_naming_the_field(signed_in, params, field):
    response = signed_in.get(reverse("calendar-add-workdays"), params)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert response.json()["errors"][field]


def test_year_known_to_chinese_calendar_lists_its_notice(signed_in):
    response = signed_in.get(reverse("calendar-year", args=["2026"]))

    body = response.json()
    assert response.status_code == 200
    assert body["year"] == 2026
    assert body["confirmed"] is True
    assert body["source"] == official_calendar.SOURCE
    holidays = [d["date"] for d in body["holidays"]]
    assert "2026-10-01" in holidays
    assert "2026-02-23" in holidays
    assert [d["date"] for d in body["workdays"]] == [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ]


def test_unpublished_year_is_unconfirmed_until_imported(signed_in, recompute_hook):
    url = reverse("calendar-year", args=["2027"])
    before = signed_in.get(url).json()

    calendar_year_import(
        year=2027, days=[(datetime.date(2027, 1, 1), "holiday", "元旦")], source="notice"
    )

    assert before["confirmed"] is False
    assert before["workdays"] == []
    # before the notice: the statutory holidays computed from the lunar calendar
    assert {"date": "2027-02-05", "name": "春节"} in before["holidays"]
    assert {"date": "2027-04-05", "name": "清明节"} in before["holidays"]
    assert len(before["holidays"]) == 13
    assert signed_in.get(url).json() == {
        "year": 2027,
        "confirmed": True,
        "source": "notice",
        "holidays": [{"date": "2027-01-01", "name": "元旦"}],
        "workdays": [],
    }


def test_year_outside_the_calendars_range_is_not_found(signed_in):
    assert signed_in.get(reverse("calendar-year", args=["0000"])).status_code == 404


def test_schema_documents_the_calendar_endpoints(signed_in):
    response = signed_in.get(reverse("api-schema"), {"format": "json"})

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/calendar/add-workdays/" in paths
    assert "/api/v1/calendar/{year}/" in paths
