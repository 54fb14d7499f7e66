"""Decision numbers start at 1 each year and never skip one: asserted on the numbers themselves."""

import datetime

import pytest

from tests.appeal.conftest import city  # noqa: F401
from tests.appeal.helpers import client_for, complete, file_appeal, only_task
from tests.documents.conftest import issue
from workflows.documents.models import DocumentSequence

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.mark.django_db
def test_the_first_serials_of_a_year_are_one_two_three():
    documents = [
        issue(issued_at=datetime.datetime(2026, 3, day, 10, tzinfo=SHANGHAI)) for day in (2, 3, 4)
    ]

    assert [d.serial for d in documents] == [1, 2, 3]
    assert [d.number for d in documents] == [
        "泰信异决〔2026〕1号",
        "泰信异决〔2026〕2号",
        "泰信异决〔2026〕3号",
    ]
    assert DocumentSequence.objects.get(issuer_code="泰信异决", year=2026).last_serial == 3


@pytest.mark.django_db
def test_the_first_not_accepted_notice_of_the_city_is_number_one(city, time_machine):  # noqa: F811
    time_machine.move_to(datetime.datetime(2026, 11, 6, 10, tzinfo=SHANGHAI))
    case = file_appeal(city).json()

    response = complete(
        city.reviewer, only_task(city.reviewer, "accept")["id"], "not_accept", reason="duplicate"
    )

    assert response.status_code == 200, response.content
    url = f"/api/v1/cases/{case['id']}/documents/"
    documents = client_for(city.filer_finance).get(url).json()
    assert [d["number"] for d in documents] == ["泰信异不受〔2026〕1号"]
