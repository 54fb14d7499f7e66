"""The record page offers "file an objection" / "apply for repair" when the user may, and links a
record's versions both ways."""

import pytest
from django.urls import reverse

from workflows.records.models import CreditRecord

from .helpers import file_appeal

pytestmark = pytest.mark.django_db


def _page(client, user, record) -> str:
    client.force_login(user)
    response = client.get(reverse("records:detail", args=[record.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_subjects_filer_is_offered_an_objection_and_a_repair(client, city):
    page = _page(client, city.filer_finance, city.record)

    assert f"{reverse('appeal:file')}?record={city.record.pk}" in page
    assert f"{reverse('repair:file')}?record={city.record.pk}" in page


def test_others_are_not_offered_filing(client, city):
    page = _page(client, city.reviewer, city.record)

    assert f"?record={city.record.pk}" not in page


def test_a_disputed_record_offers_no_second_objection(client, city):
    assert file_appeal(city).status_code == 201

    page = _page(client, city.filer_finance, city.record)

    assert f"{reverse('appeal:file')}?record=" not in page


def test_the_filing_page_starts_on_the_record(client, city):
    client.force_login(city.filer_finance)
    page = client.get(reverse("appeal:file"), {"record": city.record.pk}).content.decode()
    assert f'<option value="{city.record.pk}" selected' in page


def test_record_versions_link_both_ways(client, city):
    newer = CreditRecord.objects.get(pk=city.record.pk)
    newer.pk = None
    newer.id = None
    newer.previous_version = city.record
    newer.save()

    old_page = _page(client, city.reviewer, city.record)
    new_page = _page(client, city.reviewer, newer)

    assert reverse("records:detail", args=[newer.pk]) in old_page
    assert reverse("records:detail", args=[city.record.pk]) in new_page
