"""Honours bans as the pages and the API show them: a subject's page lists every ban of that
subject, past, in force and to come, the latest ending first and, of two ending on the same day,
the one imposed last first; a subject's page and the subject list (pages and API) say whether it
is banned today — from a ban's first day to its last, local time — and until when: the end of the
longest ban in force. On SQLite, dropping the newest-first tie-break or letting the list's ban
subquery return two rows changes nothing (SQLite reads the (subject, ends_on) index backwards,
newest row first among equals, and a scalar subquery takes its first row); the last test of each
part catches both on PostgreSQL (`make test-postgres`)."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.factories import SubjectFactory
from workflows.records.services import honours_ban_impose

pytestmark = pytest.mark.django_db


def _listed_bans(client, subject) -> list[str]:
    """The reason column of the page's honours-ban rows, in page order."""
    page = client.get(reverse("subjects:detail", args=[subject.pk])).content.decode()
    return re.findall(r'<td data-label="[^"]*">(未按期整改[^<]*)</td>', page)


def _ban(subject, starts_on, months, reason):
    return honours_ban_impose(
        subject=subject, months=months, starts_on=starts_on, reason=f"未按期整改（{reason}）"
    )


def test_the_latest_ending_ban_is_listed_first_whatever_the_order_imposed(
    client, finance_filer, finance, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 7, 1, 10, tzinfo=datetime.UTC))
    subject = SubjectFactory(department=finance)
    _ban(subject, datetime.date(2025, 1, 1), 12, "past")  # to 2025-12-31
    _ban(subject, datetime.date(2026, 3, 1), 24, "longest")  # to 2028-02-29
    _ban(subject, datetime.date(2026, 6, 1), 6, "shorter")  # to 2026-11-30
    _ban(subject, datetime.date(2027, 1, 1), 3, "to come")  # to 2027-03-31
    _ban(SubjectFactory(department=finance), datetime.date(2026, 1, 1), 36, "another subject")
    client.force_login(finance_filer)

    assert _listed_bans(client, subject) == [
        "未按期整改（longest）",
        "未按期整改（to come）",
        "未按期整改（shorter）",
        "未按期整改（past）",
    ]


def test_of_two_bans_ending_the_same_day_the_one_imposed_last_is_listed_first(
    client, finance_filer, finance
):
    subject = SubjectFactory(department=finance)
    _ban(subject, datetime.date(2026, 1, 1), 12, "first imposed")  # to 2026-12-31
    _ban(subject, datetime.date(2026, 7, 1), 6, "second imposed")  # to 2026-12-31
    _ban(subject, datetime.date(2026, 10, 1), 3, "third imposed")  # to 2026-12-31
    client.force_login(finance_filer)

    assert _listed_bans(client, subject) == [
        "未按期整改（third imposed）",
        "未按期整改（second imposed）",
        "未按期整改（first imposed）",
    ]


def test_a_ban_to_come_does_not_bar_the_subject_before_its_first_day(
    api_client, client, finance_filer, finance, time_machine
):
    subject = SubjectFactory(department=finance)
    _ban(subject, datetime.date(2026, 9, 1), 12, "to come")  # to 2027-08-31
    api_client.force_authenticate(finance_filer)
    client.force_login(finance_filer)
    url = reverse("subjects:detail", args=[subject.pk])

    # 31 August, 23:59 in Shanghai: the day before the ban
    time_machine.move_to(datetime.datetime(2026, 8, 31, 15, 59, tzinfo=datetime.UTC))
    detail = api_client.get(f"/api/v1/subjects/{subject.pk}/").json()
    assert (detail["honours_eligible"], detail["honours_banned_until"]) == (True, None)
    assert "否：取消至" not in client.get(url).content.decode()

    # 00:00 on 1 September in Shanghai (still 31 August in UTC): its first day
    time_machine.move_to(datetime.datetime(2026, 8, 31, 16, 0, tzinfo=datetime.UTC))
    detail = api_client.get(f"/api/v1/subjects/{subject.pk}/").json()
    assert (detail["honours_eligible"], detail["honours_banned_until"]) == (False, "2027-08-31")
    assert "否：取消至2027-08-31" in client.get(url).content.decode()


# ---------------------------------------------------------------- the subject list's honours column


def test_the_subject_list_counts_a_ban_from_its_first_day_to_its_last(
    api_client, client, reviewer, finance, time_machine
):
    # 15 June 2026, 01:00 in Shanghai (still 14 June in UTC): today is the 15th, local time
    time_machine.move_to(datetime.datetime(2026, 6, 14, 17, tzinfo=datetime.UTC))
    subjects = {
        name: SubjectFactory(department=finance, name=name)
        for name in ("starts today", "ends today", "ended yesterday", "starts tomorrow", "never")
    }
    _ban(subjects["starts today"], datetime.date(2026, 6, 15), 1, "a")  # to 14 July
    _ban(subjects["ends today"], datetime.date(2026, 5, 16), 1, "b")  # to 15 June
    _ban(subjects["ended yesterday"], datetime.date(2026, 5, 15), 1, "c")  # to 14 June
    _ban(subjects["starts tomorrow"], datetime.date(2026, 6, 16), 1, "d")  # to 15 July
    api_client.force_authenticate(reviewer)

    listed = api_client.get("/api/v1/subjects/").json()["results"]

    assert {s["name"]: s["honours_banned_until"] for s in listed} == {
        "starts today": "2026-07-14",
        "ends today": "2026-06-15",
        "ended yesterday": None,
        "starts tomorrow": None,
        "never": None,
    }
    assert {s["name"]: s["honours_eligible"] for s in listed} == {
        "starts today": False,
        "ends today": False,
        "ended yesterday": True,
        "starts tomorrow": True,
        "never": True,
    }
    # the page's list says the same
    client.force_login(reviewer)
    page = client.get(reverse("subjects:list")).content.decode()
    assert page.count("否：取消至2026-07-14") == 1
    assert page.count("否：取消至2026-06-15") == 1
    assert page.count("否：取消至") == 2


def test_of_two_bans_in_force_the_list_shows_the_one_ending_last(
    api_client, reviewer, finance, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 2, tzinfo=datetime.UTC))
    subject = SubjectFactory(department=finance)
    _ban(subject, datetime.date(2026, 1, 1), 24, "longer, imposed first")  # to 2027-12-31
    _ban(subject, datetime.date(2026, 6, 1), 12, "shorter, imposed last")  # to 2027-05-31
    api_client.force_authenticate(reviewer)

    (listed,) = api_client.get("/api/v1/subjects/").json()["results"]

    assert listed["honours_banned_until"] == "2027-12-31"
