"""Finding a case by its record: the inbox and the case list search the deciding document's number
of the case's record beside the case number and the subject."""

import re

import pytest
from django.urls import reverse

from .helpers import file_appeal

pytestmark = pytest.mark.django_db


def _numbers(page) -> list[str]:
    return re.findall(r'class="case-number"[^>]*>([^<]+)<', page.content.decode())


def test_inbox_and_case_list_find_a_case_by_its_records_document(city, client):
    number = file_appeal(city).json()["number"]
    client.force_login(city.reviewer)

    for url in (reverse("casework:inbox"), reverse("casework:cases")):
        assert _numbers(client.get(url, {"q": "泰市监罚〔2026〕8号"})) == [number], url
        assert _numbers(client.get(url, {"q": "监罚〔2026〕8"})) == [number], url
        assert _numbers(client.get(url, {"q": "泰市监罚〔2026〕9号"})) == [], url
        assert _numbers(client.get(url, {"q": number})) == [number], url
