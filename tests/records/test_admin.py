"""The records admin changes content only through records.services.record_edit: with a history row."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import CreditRecordFactory
from workflows.audit.models import AuditEntry
from workflows.records.models import RecordEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    root = get_user_model().objects.create_superuser(username="root", password="pw-root-123")
    client.force_login(root)
    return client


@pytest.fixture
def record(db):
    return CreditRecordFactory()


def _form(record, **changes):
    data = {
        "category": record.category,
        "severity": record.severity,
        "source": record.source,
        "summary": record.summary,
        "document_number": record.document_number,
        "occurred_on": record.occurred_on.isoformat(),
        "publicity_start": record.publicity_start.isoformat(),
        "publicity_end": record.publicity_end.isoformat() if record.publicity_end else "",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_admin_edit_writes_a_history_row_with_the_reason_and_changes(admin_client, record):
    url = reverse("admin:records_creditrecord_change", args=[record.pk])
    before = RecordEvent.objects.filter(record=record).count()
    response = admin_client.post(
        url,
        _form(
            record,
            summary="更正后的摘要",
            severity="serious",
            publicity_end="2030-01-01",
            change_reason="提供单位来函更正",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    assert record.summary == "更正后的摘要"
    assert record.severity == "serious"
    assert record.publicity_end == datetime.date(2030, 1, 1)
    events = RecordEvent.objects.filter(record=record).order_by("id")
    assert events.count() == before + 1
    event = events.last()
    assert event.by.username == "root"
    assert event.from_state == event.to_state == record.state
    assert "提供单位来函更正" in event.reason
    for field in ("summary", "severity", "publicity_end"):
        assert field in event.reason
    assert AuditEntry.objects.filter(kind="records.recordevent", object_id=event.pk).exists()


def test_admin_edit_without_a_reason_is_refused_and_changes_nothing(admin_client, record):
    url = reverse("admin:records_creditrecord_change", args=[record.pk])
    response = admin_client.post(url, _form(record, summary="悄悄改掉"))
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.summary != "悄悄改掉"


def test_admin_cannot_delete_a_record(admin_client, record):
    response = admin_client.post(
        reverse("admin:records_creditrecord_delete", args=[record.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()
