"""The web pages: the credit office's issue form, the engine's task page and the case page."""

import pytest
from django.urls import reverse

from workflows.casework.models import CaseTask
from workflows.rectification.models import Rectification

pytestmark = pytest.mark.django_db


def test_the_issue_form_lists_active_dishonesty_records_of_bodies(city, client):
    person_record = city.make_record(subject=city.person, source="discipline", sanction="demerit")
    client.force_login(city.reviewer)
    page = client.get(reverse("rectification:issue"))
    assert page.status_code == 200
    choices = [value for value, _ in page.context["form"].fields["record"].choices]
    assert city.record.pk in choices
    assert person_record.pk not in choices


def test_a_filer_may_not_open_the_issue_form(city, client):
    client.force_login(city.filer)
    assert client.get(reverse("rectification:issue")).status_code == 403


def test_issuing_on_the_page_files_the_case_and_shows_it(city, client):
    client.force_login(city.reviewer)
    response = client.post(
        reverse("rectification:issue"),
        {"record": city.record.pk, "required_measures": "履行判决义务。", "deadline_days": "15"},
    )
    case = Rectification.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:case", args=[case.pk])
    assert case.deadline_days == 15
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert case.number in page.content.decode()


def test_a_bad_issue_shows_the_form_again_with_400(city, client):
    client.force_login(city.reviewer)
    response = client.post(reverse("rectification:issue"), {"record": city.record.pk})
    assert response.status_code == 400
    assert "required_measures" in response.context["form"].errors
    assert not Rectification.objects.exists()


def test_the_subject_department_works_explain_on_the_task_page(city, client):
    client.force_login(city.reviewer)
    client.post(
        reverse("rectification:issue"),
        {"record": city.record.pk, "required_measures": "履行判决义务。"},
    )
    explain = CaseTask.objects.get(step="explain")
    client.force_login(city.filer)
    page = client.get(reverse("casework:task", args=[explain.pk]))
    assert page.status_code == 200
    assert "causes" in page.content.decode()


def test_the_record_page_shows_the_subjects_honours_ban(city, client):
    from workflows.records.services import honours_ban_impose

    client.force_login(city.filer)
    assert "评优评先资格" in client.get(f"/records/{city.record.pk}/").content.decode()
    honours_ban_impose(subject=city.subject, months=12)
    page = client.get(f"/records/{city.record.pk}/").content.decode()
    assert "取消至2027-11-01" in page


def test_the_case_page_reads_yes_or_no_never_true_or_false(city, client):
    client.force_login(city.reviewer)
    client.post(
        reverse("rectification:issue"),
        {"record": city.record.pk, "required_measures": "履行判决义务。", "deadline_days": "15"},
    )
    case = Rectification.objects.get()

    page = client.get(reverse("casework:case", args=[case.pk])).content.decode()

    assert ">False<" not in page
    assert ">True<" not in page
    assert '<dt>已通报</dt><dd class="text">否</dd>' in page
