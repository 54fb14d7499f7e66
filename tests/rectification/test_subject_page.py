"""The subject's web page shows the honours ban an overdue rectification imposed, until its last
day, and only to those who may see the subject (issue #10, "shown on the subject's page")."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from workflows.organization.models import Department
from workflows.organization.uscc import uscc_complete

from .conftest import at, complete, task_of
from .test_api import _overdue

pytestmark = pytest.mark.django_db


def _page(user, subject) -> tuple[int, str]:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("subjects:detail", args=[subject.pk]))
    return response.status_code, response.content.decode()


@pytest.fixture
def banned(city, time_machine):
    """The rectification passed its deadline and the supervisor banned the subject for a year:
    from 2026-12-01 to 2027-11-30 inclusive."""
    case = _overdue(city, time_machine)
    handle = task_of(city.supervisor, "handle_overdue")
    response = complete(city.supervisor, handle["id"], "handle", ban_honours=True)
    assert response.status_code == 200, response.content
    return case


def test_the_page_shows_the_ban_until_its_last_day_then_eligible(city, banned, time_machine):
    status, html = _page(city.filer, city.subject)
    assert status == 200
    assert "不具备资格" in html  # not eligible
    assert "否：取消至2027-11-30" in html
    # the ban is listed with its dates and the case that imposed it, linked
    assert "2026-12-01" in html
    assert reverse("casework:case", args=[banned["id"]]) in html
    assert banned["number"] in html
    # the open case on the subject is listed too
    assert "在办办件" in html

    time_machine.move_to(at(11, 30, 23, year=2027))  # the last day of the ban
    _status, html = _page(city.filer, city.subject)
    assert "否：取消至2027-11-30" in html
    assert "不具备资格" in html

    time_machine.move_to(at(12, 1, 0, year=2027))  # the day after
    _status, html = _page(city.filer, city.subject)
    assert "不具备资格" not in html
    assert "否：取消至" not in html
    # the ban stays listed, no longer in force
    assert "2027-11-30" in html
    assert "生效中" not in html


def test_the_subject_list_says_who_is_banned(city, banned):
    client = Client()
    client.force_login(city.reviewer)
    html = client.get(reverse("subjects:list"), {"q": "财政"}).content.decode()
    assert reverse("subjects:detail", args=[city.subject.pk]) in html
    assert "否：取消至2027-11-30" in html


def test_a_department_that_may_not_see_the_subject_gets_404(city, banned, django_user_model):
    market = Department.objects.create(
        code="market", name="市市场监管局", uscc=uscc_complete(f"11321200{9:09d}")
    )
    filer_market = django_user_model.objects.create_user(
        username="filer_market", password="demo", department=market
    )
    filer_market.groups.add(Group.objects.get_or_create(name="filer")[0])
    assert _page(filer_market, city.subject)[0] == 404
    # the same answer as the API's
    api = Client()
    api.force_login(filer_market)
    assert api.get(f"/api/v1/subjects/{city.subject.pk}/").status_code == 404


def test_the_case_page_links_to_the_subject(city, banned):
    client = Client()
    client.force_login(city.filer)
    html = client.get(reverse("casework:case", args=[banned["id"]])).content.decode()
    assert reverse("subjects:detail", args=[city.subject.pk]) in html
