"""The record pages (scoped list, detail with history) and the registry admin."""

import pytest
from django.urls import reverse

from tests.factories import CreditRecordFactory, SubjectFactory
from workflows.records.models import CreditRecord, PublicityPolicy
from workflows.records.services import record_transition

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("records:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_list_shows_only_the_departments_records(client, finance_filer, finance, housing):
    own = CreditRecordFactory(subject=SubjectFactory(department=finance, name="泰州市财政局"))
    CreditRecordFactory(subject=SubjectFactory(department=housing, name="泰州市住建局"))
    client.force_login(finance_filer)

    html = client.get(reverse("records:list")).content.decode()

    assert reverse("records:detail", args=[own.pk]) in html
    assert "泰州市住建局" not in html


def test_the_list_filters_by_state(client, finance_filer, finance):
    active = CreditRecordFactory(subject=SubjectFactory(department=finance))
    disputed = record_transition(
        record=CreditRecordFactory(subject=SubjectFactory(department=finance)),
        transition="mark_disputed",
    )
    client.force_login(finance_filer)

    response = client.get(reverse("records:list"), {"state": "disputed"})

    assert [r.pk for r in response.context["records"]] == [disputed.pk]
    assert active.pk not in [r.pk for r in response.context["records"]]


def test_the_detail_shows_the_history(client, finance_filer, finance):
    record = record_transition(
        record=CreditRecordFactory(subject=SubjectFactory(department=finance)),
        transition="mark_disputed",
        by=finance_filer,
        reason="异议申诉已受理",
    )
    client.force_login(finance_filer)

    response = client.get(reverse("records:detail", args=[record.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert record.summary in html
    assert "异议申诉已受理" in html
    assert len(response.context["history"]) == 2


def test_another_departments_record_page_is_404(client, finance_filer, housing):
    record = CreditRecordFactory(subject=SubjectFactory(department=housing))
    client.force_login(finance_filer)

    assert client.get(reverse("records:detail", args=[record.pk])).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "admin:records_subject_changelist",
        "admin:records_creditrecord_changelist",
        "admin:records_creditrecord_add",
        "admin:records_recordevent_changelist",
        "admin:records_publicitypolicy_changelist",
        "admin:records_creditrecord_import",
    ],
)
def test_registry_admin_pages_render(admin_client, name):
    CreditRecordFactory()

    assert admin_client.get(reverse(name)).status_code == 200


def test_the_record_admin_shows_the_state_read_only(admin_client):
    record = CreditRecordFactory()

    response = admin_client.get(reverse("admin:records_creditrecord_change", args=[record.pk]))

    assert response.status_code == 200
    assert 'name="state"' not in response.content.decode()


def test_the_publicity_policy_is_editable_in_the_admin(admin_client):
    policy = PublicityPolicy.objects.get(severity="minor")

    response = admin_client.post(
        reverse("admin:records_publicitypolicy_change", args=[policy.pk]),
        {
            "severity": "minor",
            "min_months": 0,
            "max_months": 2,
            "default_months": 0,
            "repair_after_months": 0,
            "basis": "本地政策",
        },
    )

    assert response.status_code == 302
    assert PublicityPolicy.objects.get(pk=policy.pk).max_months == 2


def test_a_record_added_in_the_admin_gets_its_publicity_end_and_history(admin_client):
    subject = SubjectFactory()

    response = admin_client.post(
        reverse("admin:records_creditrecord_add"),
        {
            "subject": subject.pk,
            "category": "dishonesty",
            "severity": "serious",
            "source": "judgment",
            "summary": "拒不履行生效判决。",
            "document_number": "",
            "occurred_on": "2026-01-05",
            "provider": subject.department.pk,
            "publicity_start": "2026-01-10",
            "publicity_end": "",
            "is_repairable": "on",
            "dispute_note": "",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    record = CreditRecord.objects.get(subject=subject)
    assert str(record.publicity_end) == "2029-01-10"
    assert list(record.events.values_list("from_state", "to_state")) == [("", "active")]
