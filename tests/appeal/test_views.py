"""The appeal's web pages: the filing form and the whole journey through the task pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from workflows.appeal.forms import GROUNDS_TOO_SHORT
from workflows.appeal.models import Appeal, AppealState
from workflows.appeal.views import APPEAL_FILED
from workflows.casework.models import CaseTask
from workflows.records.models import CreditRecord, Subject
from workflows.records.services import record_create

pytestmark = pytest.mark.django_db

GROUNDS = "该处罚决定已经被行政复议机关撤销，记录应当予以撤销，特此提出异议。"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def filing_data(city, **overrides):
    data = {
        "record": city.record.pk,
        "grounds": GROUNDS,
        "requested_outcome": "revoke",
        "proposed_correction": "",
        "contact_phone": "0523-86881234",
    }
    data.update(overrides)
    return data


def work(client, case, step, action, **fields):
    task = CaseTask.objects.get(case=case, step=step, is_open=True)
    return client.post(reverse("casework:task", args=[task.pk]), {"action": action, **fields})


def test_filing_form_offers_only_the_departments_active_records(client, city):
    market_subject_record = record_create(
        subject=Subject.objects.create(
            kind="body", name="泰州市市场监管局", uscc=city.market.uscc, department=city.market
        ),
        category="dishonesty",
        severity="minor",
        source="penalty",
        summary="另一部门的记录，不应出现在财政局的选择中。",
        occurred_on=city.record.occurred_on,
        provider=city.market,
    )
    client.force_login(city.filer_finance)

    page = client.get(reverse("appeal:file")).content.decode()

    assert f'value="{city.record.pk}"' in page
    assert market_subject_record.summary[:10] not in page


@pytest.mark.parametrize("user", ["reviewer", "verifier_market", "approver"])
def test_only_filers_may_file(client, city, user):
    client.force_login(getattr(city, user))

    assert client.get(reverse("appeal:file")).status_code == 403
    assert client.post(reverse("appeal:file"), filing_data(city)).status_code == 403
    assert not Appeal.objects.exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("appeal:file"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_filing_with_attachments_opens_the_case_page(client, city):
    client.force_login(city.filer_finance)
    files = [
        SimpleUploadedFile("复议决定书.pdf", PDF_BYTES, "application/pdf"),
        SimpleUploadedFile("情况说明.pdf", PDF_BYTES + b"2", "application/pdf"),
    ]

    response = client.post(
        reverse("appeal:file"), {**filing_data(city), "attachments": files}, follow=True
    )

    appeal = Appeal.objects.get()
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("casework:case", args=[appeal.pk])
    assert str(APPEAL_FILED % {"number": appeal.number}) in page
    assert appeal.number.startswith("YY-")
    assert "复议决定书.pdf" in page
    assert "情况说明.pdf" in page
    assert appeal.attachments.count() == 2
    assert CreditRecord.objects.get(pk=city.record.pk).state == "disputed"


def test_short_grounds_show_the_message_and_file_nothing(client, city):
    client.force_login(city.filer_finance)

    response = client.post(reverse("appeal:file"), filing_data(city, grounds="太短"))

    assert response.status_code == 400
    assert str(GROUNDS_TOO_SHORT % {"min": 20}) in response.content.decode()
    assert not Appeal.objects.exists()
    assert CreditRecord.objects.get(pk=city.record.pk).state == "active"


def test_a_wrong_attachment_type_files_nothing(client, city):
    client.force_login(city.filer_finance)
    bad = SimpleUploadedFile("病毒.exe", b"MZ\x90\x00" + b"\x00" * 200)

    response = client.post(reverse("appeal:file"), {**filing_data(city), "attachments": [bad]})

    assert response.status_code == 400
    assert "病毒.exe" in response.content.decode()
    assert not Appeal.objects.exists()
    assert CreditRecord.objects.get(pk=city.record.pk).state == "active"


def test_the_whole_journey_through_the_web_forms_ends_with_the_decision(client, city):
    client.force_login(city.filer_finance)
    client.post(reverse("appeal:file"), filing_data(city))
    appeal = Appeal.objects.get()

    client.force_login(city.reviewer)
    accepted = work(client, appeal, "accept", "accept")
    client.force_login(city.verifier_market)
    verified = work(
        client,
        appeal,
        "verify",
        "confirm_error",
        finding="复议机关已撤销该处罚决定。",
        proposed_outcome="revoke",
    )
    client.force_login(city.reviewer)
    drafted = work(
        client, appeal, "decide", "draft", outcome="revoked", reasons="处罚决定已被撤销。"
    )
    client.force_login(city.approver)
    signed = work(client, appeal, "sign", "approve")

    for response in (accepted, verified, drafted, signed):
        assert response.status_code == 302
        assert response["Location"] == reverse("casework:case", args=[appeal.pk])
    appeal = Appeal.objects.get(pk=appeal.pk)
    assert appeal.state == AppealState.DECIDED
    client.force_login(city.filer_finance)
    page = client.get(reverse("casework:case", args=[appeal.pk])).content.decode()
    decision_url = reverse("casework:document", args=[appeal.pk, appeal.decision_id])
    assert decision_url in page
    assert appeal.decision.number in page
    pdf = client.get(decision_url)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert CreditRecord.objects.get(pk=city.record.pk).state == "revoked"


def test_leadership_forms_show_only_to_those_the_services_allow(client, city):
    from .helpers import file_appeal

    file_appeal(city)
    task = CaseTask.objects.get(step="accept", is_open=True)
    url = reverse("casework:task", kwargs={"pk": task.pk})

    # a department's leader sees the credit office's task (its record) but may not steer it
    client.force_login(city.leader_market)
    page = client.get(url).content.decode()
    assert reverse("casework:task_extend", kwargs={"pk": task.pk}) not in page
    assert reverse("casework:task_reassign", kwargs={"pk": task.pk}) not in page

    client.force_login(city.approver)
    page = client.get(url).content.decode()
    assert reverse("casework:task_extend", kwargs={"pk": task.pk}) in page
    assert reverse("casework:task_reassign", kwargs={"pk": task.pk}) in page
