"""Only a filer of the subject's own department may file an objection on its record."""

import pytest

from workflows.appeal.models import Appeal
from workflows.casework.models import CaseSequence
from workflows.records.models import CreditRecord

from .helpers import GROUNDS, client_for

pytestmark = pytest.mark.django_db


def test_the_providing_departments_filer_cannot_object_to_another_departments_subject(city):
    # market provided the record, so its filer sees it; but the subject is finance's
    response = client_for(city.filer_market).post(
        "/api/v1/appeals/",
        {"record": city.record.pk, "grounds": GROUNDS, "requested_outcome": "revoke"},
        format="json",
    )

    assert response.status_code == 400
    assert "record" in response.json()["errors"]
    assert not Appeal.objects.exists()
    assert not CaseSequence.objects.filter(last_serial__gt=0).exists()
    assert CreditRecord.objects.get(pk=city.record.pk).state == "active"


def test_a_filer_of_an_unrelated_department_does_not_learn_the_record_exists(
    city, django_user_model
):
    from .conftest import _department, _user

    housing = _department("housing", "市住建局", 9)
    filer_housing = _user(django_user_model, "filer_housing", housing, "filer")

    response = client_for(filer_housing).post(
        "/api/v1/appeals/",
        {"record": city.record.pk, "grounds": GROUNDS, "requested_outcome": "revoke"},
        format="json",
    )

    assert response.status_code == 404
    assert not Appeal.objects.exists()
    assert CreditRecord.objects.get(pk=city.record.pk).state == "active"


def test_the_filed_appeal_keeps_what_the_filer_typed(city):
    payload = {
        "record": city.record.pk,
        "grounds": GROUNDS,
        "requested_outcome": "correct",
        "proposed_correction": "罚款数额应为五千元。",
        "contact_phone": "0523-86881234",
    }

    response = client_for(city.filer_finance).post("/api/v1/appeals/", payload, format="json")

    assert response.status_code == 201, response.content
    appeal = client_for(city.reviewer).get(f"/api/v1/appeals/{response.json()['id']}/").json()
    assert {name: appeal[name] for name in payload} == payload
    assert appeal["filed_by"] == city.filer_finance.username
    assert CreditRecord.objects.get(pk=city.record.pk).state == "disputed"
