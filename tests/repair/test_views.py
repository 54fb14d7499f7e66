"""The filing page: the record choice with each record's eligibility, and the commitment upload."""

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
