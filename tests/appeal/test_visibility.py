"""Role-aware visibility: the record provider's verifier sees what verification needs; its
filer sees nothing of another department's appeal and cannot upload to it."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from workflows.casework.models import Attachment

from .helpers import client_for, file_appeal

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def appeal(city):
    response = file_appeal(city)
    assert response.status_code == 201
    return response.json()


@pytest.fixture
def filer_of_provider(city, django_user_model):
    user = django_user_model.objects.create_user(
        username="filer_market_2", password="demo", department=city.market
    )
    user.groups.add(Group.objects.get_or_create(name="filer")[0])
    return user


def _upload(user, case_id):
    upload = SimpleUploadedFile("evidence.pdf", PDF, content_type="application/pdf")
    return client_for(user).post(f"/api/v1/cases/{case_id}/attachments/", {"file": upload})


def test_the_providers_verifier_sees_the_grounds_but_not_the_filers_phone(city, appeal):
    seen = client_for(city.verifier_market).get(f"/api/v1/appeals/{appeal['id']}/").json()
    assert seen["grounds"] == appeal["grounds"]
    assert seen["proposed_correction"] == appeal["proposed_correction"]
    assert seen["contact_phone"] is None
    own = client_for(city.filer_finance).get(f"/api/v1/appeals/{appeal['id']}/").json()
    assert own["contact_phone"] == "0523-86888888"
    office = client_for(city.reviewer).get(f"/api/v1/appeals/{appeal['id']}/").json()
    assert office["contact_phone"] == "0523-86888888"
    listed = client_for(city.verifier_market).get("/api/v1/appeals/").json()["results"]
    assert [a["contact_phone"] for a in listed] == [None]


def test_a_filer_of_the_providing_department_does_not_see_the_appeal(
    city, appeal, filer_of_provider
):
    client = client_for(filer_of_provider)
    assert client.get(f"/api/v1/appeals/{appeal['id']}/").status_code == 404
    assert client.get(f"/api/v1/cases/{appeal['id']}/").status_code == 404
    assert client.get("/api/v1/cases/").json()["count"] == 0


def test_a_filer_of_the_providing_department_cannot_upload(city, appeal, filer_of_provider):
    assert _upload(filer_of_provider, appeal["id"]).status_code == 404
    assert not Attachment.objects.filter(uploaded_by=filer_of_provider).exists()


def test_the_providers_verifier_uploads_only_while_it_has_the_verify_step(city, appeal):
    # before the case reaches verification the verifier is not acting on it
    response = _upload(city.verifier_market, appeal["id"])
    assert response.status_code == 403
    assert "errors" in response.json()
    assert Attachment.objects.count() == 0


def test_the_filing_department_uploads(city, appeal):
    assert _upload(city.filer_finance, appeal["id"]).status_code == 201
