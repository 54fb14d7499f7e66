"""The honours bans a subject's page lists: every ban of that subject, past, in force and to come,
the latest ending first and, of two ending on the same day, the one imposed last first."""

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
