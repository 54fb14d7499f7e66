"""The filing page: the record choice with each record's eligibility, and the commitment upload."""

import datetime

import pytest

from workflows.casework.models import Case

from .conftest import at, make_record, signed_letter

pytestmark = pytest.mark.django_db


def test_the_filing_page_files_with_the_signed_letter_and_shows_refusals(
    city, client, time_machine
):
    time_machine.move_to(at(11, 2))
    eligible = make_record(city)
    early = make_record(city, publicity_start=at(9, 1).date())
    client.force_login(city.filer)
    page = client.get("/repairs/new/")
    assert page.status_code == 200
    assert f"/repairs/commitment/{eligible.pk}.pdf" in page.content.decode()

    refused = client.post("/repairs/new/", {"record": early.pk, "commitment": signed_letter()})
    assert refused.status_code == 400
    assert "2026-12-01" in refused.content.decode()
    missing = client.post("/repairs/new/", {"record": eligible.pk})
    assert missing.status_code == 400
    assert not Case.objects.filter(kind="repair").exists()

    filed = client.post("/repairs/new/", {"record": eligible.pk, "commitment": signed_letter()})
    assert filed.status_code == 302
    assert Case.objects.filter(kind="repair", record=eligible).count() == 1


def test_the_record_page_says_from_when_a_repair_can_succeed(client, city, time_machine):
    from django.urls import reverse

    record = make_record(city, severity="general", publicity_start=datetime.date(2026, 8, 2))
    client.force_login(city.filer)
    time_machine.move_to(at(11, 1))
    page = client.get(reverse("records:detail", args=[record.pk])).content.decode()
    assert "信用修复：自2026-11-02起方可申请" in page
    time_machine.move_to(at(11, 2))
    page = client.get(reverse("records:detail", args=[record.pk])).content.decode()
    assert "自2026-11-02起方可申请" not in page
    assert "信用修复：今日即可申请" in page
    # the record's provider sees the record but no repair line: repair is the subject's matter
    client.force_login(city.filer_market)
    page = client.get(reverse("records:detail", args=[record.pk]))
    assert "信用修复：" not in page.content.decode()
