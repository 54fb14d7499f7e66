"""Case numbers: per kind and year, consecutive, never skipping one (domain.md §6)."""

import datetime

import pytest

from tests.appeal.helpers import client_for, file_appeal
from workflows.records.services import record_create

pytestmark = pytest.mark.django_db


def _second_record(city):
    return record_create(
        subject=city.subject,
        category="dishonesty",
        severity="general",
        source="penalty",
        summary="逾期未履行行政处罚决定。",
        occurred_on=datetime.date(2026, 4, 1),
        provider=city.market,
        document_number="泰市监罚〔2026〕19号",
    )


def test_case_numbers_are_consecutive_from_one(city, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 6, 10, tzinfo=datetime.UTC))
    first = file_appeal(city)
    second = file_appeal(city, record=_second_record(city).pk)

    assert first.status_code == 201, first.content
    assert second.status_code == 201, second.content
    assert [first.json()["number"], second.json()["number"]] == [
        "YY-2026-000001",
        "YY-2026-000002",
    ]
    listed = client_for(city.reviewer).get("/api/v1/cases/").json()["results"]
    assert sorted(case["number"] for case in listed) == ["YY-2026-000001", "YY-2026-000002"]


def test_numbering_starts_again_at_one_each_year(city, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 30, 10, tzinfo=datetime.UTC))
    assert file_appeal(city).json()["number"] == "YY-2026-000001"
    time_machine.move_to(datetime.datetime(2027, 1, 4, 10, tzinfo=datetime.UTC))
    second = file_appeal(city, record=_second_record(city).pk)
    assert second.json()["number"] == "YY-2027-000001"
