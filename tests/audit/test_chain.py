"""The audit chain: every history row and document is chained; verify_audit names the first break."""

import datetime

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from tests.appeal.conftest import city  # noqa: F401  (the appeal journey's city)
from tests.appeal.helpers import client_for, complete, file_appeal, only_task
from tests.documents.conftest import issue
from workflows.audit.models import AuditAnchor, AuditEntry, AuditHead
from workflows.audit.services import (
    audit_anchor_write,
    audit_content_hash,
    audit_entry_hash,
    audit_row_status,
    audit_verify,
)
from workflows.casework.models import CaseEvent
from workflows.documents.models import Document
from workflows.records.models import RecordEvent

pytestmark = pytest.mark.django_db


def _sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _verify_fails() -> str:
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit")
    return str(failure.value)


@pytest.fixture
def journey(city):  # noqa: F811
    """A filed and accepted appeal: record events, case events, a chain of several entries."""
    assert file_appeal(city).status_code == 201
    accept = only_task(city.reviewer, "accept")
    assert complete(city.reviewer, accept["id"], "accept").status_code == 200
    return city


def test_every_history_row_and_document_is_chained_in_order(journey):
    document = issue()
    entries = list(AuditEntry.objects.order_by("sequence"))
    kinds = {e.kind for e in entries}
    assert kinds == {"casework.caseevent", "records.recordevent", "documents.document"}
    assert [e.sequence for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].previous_hash == "0" * 64
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.previous_hash == before.entry_hash
    assert AuditHead.objects.get().entry_hash == entries[-1].entry_hash
    assert CaseEvent.objects.count() + RecordEvent.objects.count() + 1 == len(entries)
    assert (entries[-1].kind, entries[-1].object_id) == ("documents.document", document.pk)
    assert audit_verify() == []
    call_command("verify_audit")  # no error


def test_a_case_history_row_changed_by_raw_sql_is_named(journey):
    event = CaseEvent.objects.get(action="accept")
    entry = AuditEntry.objects.get(kind="casework.caseevent", object_id=event.pk)
    _sql("UPDATE casework_caseevent SET comment = %s WHERE id = %s", "改过", event.pk)
    message = _verify_fails()
    assert f"#{entry.sequence}" in message
    assert f"casework.caseevent {event.pk} was changed" in message


def test_a_record_history_row_changed_in_its_user_is_named(journey):
    event = RecordEvent.objects.get(to_state="disputed")
    entry = AuditEntry.objects.get(kind="records.recordevent", object_id=event.pk)
    _sql("UPDATE records_recordevent SET by_id = %s WHERE id = %s", journey.approver.pk, event.pk)
    assert f"#{entry.sequence}: records.recordevent {event.pk} was changed" in _verify_fails()


def test_a_deleted_history_row_is_named(journey):
    event = CaseEvent.objects.get(action="file")
    entry = AuditEntry.objects.get(kind="casework.caseevent", object_id=event.pk)
    _sql("DELETE FROM casework_caseevent WHERE id = %s", event.pk)
    assert f"#{entry.sequence}: casework.caseevent {event.pk} was deleted" in _verify_fails()


def test_a_swapped_pdf_with_its_hash_is_detected(db):
    document = issue()
    entry = AuditEntry.objects.get(kind="documents.document", object_id=document.pk)
    forged = b"%PDF-1.7 forged"
    import hashlib

    _sql(
        "UPDATE documents_document SET pdf = %s, sha256 = %s WHERE id = %s",
        forged,
        hashlib.sha256(forged).hexdigest(),
        document.pk,
    )
    assert f"#{entry.sequence}: documents.document {document.pk} was changed" in _verify_fails()
    # and the public verification page says so
    status = audit_row_status(Document.objects.get(pk=document.pk))
    assert (status.recorded, status.intact) == (True, False)


def test_a_deleted_entry_breaks_the_sequence(journey):
    second = AuditEntry.objects.get(sequence=2)
    _sql("DELETE FROM audit_auditentry WHERE id = %s", second.pk)
    message = _verify_fails()
    assert "#2: entries 2 to 2 are missing" in message


def test_a_rewritten_entry_breaks_its_hash(journey):
    _sql("UPDATE audit_auditentry SET content_hash = %s WHERE sequence = 1", "f" * 64)
    assert "#1: the entry itself was altered" in _verify_fails()


def test_a_row_written_outside_the_services_is_reported(journey):
    _sql(
        "INSERT INTO casework_caseevent (case_id, at, step, action, comment, event, params) "
        "SELECT case_id, at, step, 'forged', '', event, params FROM casework_caseevent LIMIT 1"
    )
    assert "is not in the chain" in _verify_fails()


def test_the_daily_anchor_is_written_once_and_to_the_file(journey, tmp_path, settings):
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.txt")
    day = datetime.date(2026, 6, 1)
    anchor = audit_anchor_write(day=day)
    assert audit_anchor_write(day=day) == anchor
    head = AuditHead.objects.get()
    assert (anchor.sequence, anchor.entry_hash) == (head.sequence, head.entry_hash)
    assert (tmp_path / "anchors.txt").read_text() == (
        f"2026-06-01 {head.sequence} {head.entry_hash}\n"
    )
    with pytest.raises(PermissionError):
        anchor.delete()
    call_command("verify_audit")
    # whoever changes a row and rebuilds the chain consistently still cannot match the anchor
    last = AuditEntry.objects.get(sequence=head.sequence)
    model = apps.get_model(last.kind)
    table = model._meta.db_table
    _sql(f"UPDATE {table} SET at = %s WHERE id = %s", "2020-01-01", last.object_id)  # noqa: S608
    row = model.objects.get(pk=last.object_id)
    content_hash = audit_content_hash(row, last.fields.split(","))
    entry_hash = audit_entry_hash(
        sequence=last.sequence,
        kind=last.kind,
        object_id=last.object_id,
        fields=last.fields,
        content_hash=content_hash,
        previous_hash=last.previous_hash,
    )
    _sql(
        "UPDATE audit_auditentry SET content_hash = %s, entry_hash = %s WHERE id = %s",
        content_hash,
        entry_hash,
        last.pk,
    )
    _sql("UPDATE audit_audithead SET entry_hash = %s", entry_hash)
    message = _verify_fails()
    assert f"#{last.sequence}: the chain no longer matches the anchor of 2026-06-01" in message
    assert "(1 problems)" in message


def test_an_anchor_table_rewritten_differs_from_the_file(journey, tmp_path, settings):
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.txt")
    audit_anchor_write(day=datetime.date(2026, 6, 1))
    _sql("UPDATE audit_auditanchor SET sequence = 1")
    problems = [str(p) for p in audit_verify()]
    assert "#4: the anchor table differs from the anchor file on 2026-06-01" in problems


def test_verification_page_shows_the_document_in_the_anchored_chain(db):
    document = issue()
    audit_anchor_write(day=datetime.date(2026, 6, 1))
    response = client_for(None).get(f"/api/v1/verify/{document.verify_code}/")
    assert response.json()["audit"] == {
        "recorded": True,
        "intact": True,
        "sequence": AuditEntry.objects.get(object_id=document.pk).sequence,
        "anchored_on": "2026-06-01",
    }
    page = client_for(None).get(f"/verify/{document.verify_code}/")
    assert "2026-06-01" in page.content.decode()
    assert AuditAnchor.objects.count() == 1
