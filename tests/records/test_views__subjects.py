"""The subject pages: a searchable, paginated list of the subjects the user may see, and one
subject with its honours eligibility and records; the record page links to it."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import CreditRecordFactory, SubjectFactory
from workflows.records.services import honours_ban_impose

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("subjects:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_list_shows_only_the_subjects_the_department_may_see(
    client, finance_filer, finance, housing
):
    own = SubjectFactory(department=finance, name="泰州市财政局")
    SubjectFactory(department=housing, name="泰州市住建局")
    client.force_login(finance_filer)

    html = client.get(reverse("subjects:list")).content.decode()

    assert reverse("subjects:detail", args=[own.pk]) in html
    assert "泰州市住建局" not in html


def test_the_list_searches_by_name_and_by_uscc(client, reviewer, finance, housing):
    finance_body = SubjectFactory(department=finance, name="泰州市财政局")
    housing_body = SubjectFactory(department=housing, name="泰州市住建局")
    client.force_login(reviewer)

    by_name = client.get(reverse("subjects:list"), {"q": "财政"}).context["subjects"]
    assert list(by_name) == [finance_body]
    by_uscc = client.get(reverse("subjects:list"), {"q": housing_body.uscc[-8:].lower()})
    assert list(by_uscc.context["subjects"]) == [housing_body]
    everyone = client.get(reverse("subjects:list"), {"q": "  "}).context["subjects"]
    assert set(everyone) == {finance_body, housing_body}


def test_the_list_pages_by_25(client, reviewer, finance):
    for n in range(26):
        SubjectFactory(department=finance, name=f"泰州市测试主体{n:02d}")
    client.force_login(reviewer)

    first = client.get(reverse("subjects:list"))
    assert len(first.context["subjects"]) == 25
    second = client.get(reverse("subjects:list"), {"page": 2})
    assert [s.name for s in second.context["subjects"]] == ["泰州市测试主体25"]


def test_the_page_shows_the_subject_and_the_records_the_user_may_see(
    client, finance_filer, finance, housing
):
    subject = SubjectFactory(department=finance, name="泰州市财政局", person_in_charge="李明")
    record = CreditRecordFactory(subject=subject, summary="未按期支付工程款。")
    client.force_login(finance_filer)

    response = client.get(reverse("subjects:detail", args=[subject.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert subject.uscc in html
    assert finance.name in html
    assert "李明" in html
    assert reverse("records:detail", args=[record.pk]) in html
    assert "未曾被限制参加评优评先" in html  # never banned
    assert "没有在办办件" in html  # no open case


def test_a_ban_in_force_on_the_last_day_and_not_the_day_after(
    client, finance_filer, finance, time_machine
):
    subject = SubjectFactory(department=finance)
    honours_ban_impose(subject=subject, months=1, starts_on=datetime.date(2026, 3, 1))
    client.force_login(finance_filer)
    url = reverse("subjects:detail", args=[subject.pk])

    time_machine.move_to(datetime.datetime(2026, 3, 31, 23, 59, tzinfo=datetime.UTC))
    # 07:59 on 1 April in Shanghai: the ban ended with 31 March, local time
    assert "否：取消至" not in client.get(url).content.decode()
    time_machine.move_to(datetime.datetime(2026, 3, 31, 15, 59, tzinfo=datetime.UTC))
    assert "否：取消至2026-03-31" in client.get(url).content.decode()


def test_a_subject_the_user_may_not_see_is_404(client, finance_filer, housing):
    other = SubjectFactory(department=housing)
    client.force_login(finance_filer)
    assert client.get(reverse("subjects:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("subjects:detail", args=[10**12])).status_code == 404


def test_the_record_page_links_to_its_subject(client, finance_filer, finance):
    record = CreditRecordFactory(subject=SubjectFactory(department=finance))
    client.force_login(finance_filer)
    html = client.get(reverse("records:detail", args=[record.pk])).content.decode()
    assert reverse("subjects:detail", args=[record.subject_id]) in html


def test_the_list_and_the_api_answer_in_as_many_queries_for_many_subjects_as_for_few(
    client, api_client, reviewer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import DepartmentFactory

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as page:
            assert client.get(reverse("subjects:list")).status_code == 200
        with CaptureQueriesContext(connection) as api:
            assert api_client.get("/api/v1/subjects/").status_code == 200
        return len(page), len(api)

    client.force_login(reviewer)
    api_client.force_authenticate(reviewer)
    SubjectFactory(department=DepartmentFactory())
    queries()  # warm caches (sessions, content types)
    few = queries()
    # each in a department of its own: the department's name is on every row
    for _ in range(4):
        SubjectFactory(department=DepartmentFactory())

    assert queries() == few
