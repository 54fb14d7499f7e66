"""Registry services: creating records, legal transitions with history, expiry."""

import datetime
import threading
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.factories import CreditRecordFactory, SubjectFactory, UserFactory
from workflows.exceptions import Conflict
from workflows.records.models import (
    RECORD_PUBLICITY_BEFORE_OCCURRENCE,
    SUBJECT_BODY_NEEDS_USCC,
    Category,
    CreditRecord,
    RecordEvent,
    RecordState,
    Severity,
    Source,
)
from workflows.records.services import (
    RECORD_CHANGED_CONCURRENTLY,
    RECORD_TRANSITION_NOT_ALLOWED,
    TRANSITION_LABELS,
    record_correct,
    record_create,
    record_note_dispute,
    record_transition,
    records_expire_due,
    subject_create,
)
from workflows.records.tasks import expire_records

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def _events(record) -> list[tuple[str, str]]:
    return list(
        RecordEvent.objects.filter(record_id=record.pk).values_list("from_state", "to_state")
    )


def test_record_create_enters_an_active_record_with_its_first_history_row():
    subject = SubjectFactory()
    reviewer = UserFactory()

    record = record_create(
        subject=subject,
        category=Category.DISHONESTY,
        severity=Severity.SERIOUS,
        source=Source.JUDGMENT,
        summary="拒不履行生效判决。",
        occurred_on=datetime.date(2026, 1, 5),
        provider=subject.department,
        publicity_start=datetime.date(2026, 1, 10),
        by=reviewer,
    )

    assert record.state == RecordState.ACTIVE
    assert record.publicity_end == datetime.date(2029, 1, 10)
    event = RecordEvent.objects.get(record=record)
    assert (event.from_state, event.to_state, event.by) == ("", "active", reviewer)


def test_record_create_starts_publicity_today_by_default():
    record = CreditRecordFactory(publicity_start=None, occurred_on=timezone.localdate())

    assert record.publicity_start == timezone.localdate()


def test_record_create_refuses_publicity_before_the_event_and_writes_nothing():
    with pytest.raises(ValidationError) as exc_info:
        CreditRecordFactory(
            occurred_on=datetime.date(2026, 3, 1), publicity_start=datetime.date(2026, 2, 1)
        )

    assert exc_info.value.message_dict["publicity_start"] == [
        str(RECORD_PUBLICITY_BEFORE_OCCURRENCE)
    ]
    assert not CreditRecord.objects.exists()
    assert not RecordEvent.objects.exists()


def test_a_body_subject_needs_a_uscc():
    department = SubjectFactory().department

    with pytest.raises(ValidationError) as exc_info:
        subject_create(kind="body", name="某单位", department=department)

    assert exc_info.value.message_dict["uscc"] == [str(SUBJECT_BODY_NEEDS_USCC)]


def test_a_civil_servant_needs_no_uscc():
    department = SubjectFactory().department

    subject = subject_create(kind="person", name="张伟", department=department)

    assert subject.pk
    assert subject.uscc == ""


def test_a_transition_writes_who_why_and_which_case():
    record = CreditRecordFactory()
    reviewer = UserFactory()

    class Case:
        pk = 42
        number = "YY-2026-000042"

    record_transition(
        record=record, transition="mark_disputed", by=reviewer, case=Case(), reason="异议已受理"
    )

    assert CreditRecord.objects.get(pk=record.pk).state == RecordState.DISPUTED
    event = RecordEvent.objects.filter(record=record).last()
    assert (event.from_state, event.to_state) == ("active", "disputed")
    assert (event.by, event.case_id, event.case_number, event.reason) == (
        reviewer,
        42,
        "YY-2026-000042",
        "异议已受理",
    )


def test_an_illegal_transition_is_refused_and_changes_nothing():
    record = CreditRecordFactory()
    record = record_transition(record=record, transition="revoke")

    with pytest.raises(ValidationError) as exc_info:
        record_transition(record=record, transition="repair")

    assert exc_info.value.code == "invalid_transition"
    assert exc_info.value.messages == [
        RECORD_TRANSITION_NOT_ALLOWED
        % {"state": RecordState.REVOKED.label, "action": TRANSITION_LABELS["repair"]}
    ]
    assert CreditRecord.objects.get(pk=record.pk).state == RecordState.REVOKED
    assert _events(record) == [("", "active"), ("active", "revoked")]


def test_a_disputed_record_cannot_be_repaired():
    record = record_transition(record=CreditRecordFactory(), transition="mark_disputed")

    with pytest.raises(ValidationError):
        record_transition(record=record, transition="repair")

    assert CreditRecord.objects.get(pk=record.pk).state == RecordState.DISPUTED


def test_a_stale_copy_cannot_move_the_record_again():
    record = CreditRecordFactory()
    stale = CreditRecord.objects.get(pk=record.pk)
    record_transition(record=record, transition="mark_disputed")

    with pytest.raises(Conflict) as exc_info:
        record_transition(record=stale, transition="revoke")

    assert exc_info.value.message == RECORD_CHANGED_CONCURRENTLY
    assert CreditRecord.objects.get(pk=record.pk).state == RecordState.DISPUTED
    assert len(_events(record)) == 2


def test_correcting_keeps_the_old_version_and_activates_a_new_one():
    record = record_transition(record=CreditRecordFactory(), transition="mark_disputed")

    new = record_correct(record=record, summary="更正后的内容。", reason="异议成立")

    old = CreditRecord.objects.get(pk=record.pk)
    assert old.state == RecordState.CORRECTED
    assert new.state == RecordState.ACTIVE
    assert new.previous_version == old
    assert new.summary == "更正后的内容。"
    assert new.publicity_end == old.publicity_end
    assert _events(new) == [("", "active")]


def test_dispute_recorded_returns_to_active_with_a_visible_note():
    record = record_transition(record=CreditRecordFactory(), transition="mark_disputed")

    record_note_dispute(record=record, note="主体有异议，维持原记录。")

    fresh = CreditRecord.objects.get(pk=record.pk)
    assert fresh.state == RecordState.ACTIVE
    assert fresh.dispute_note == "主体有异议，维持原记录。"


def _due_record(**kwargs):
    values = {
        "severity": Severity.GENERAL,
        "occurred_on": datetime.date(2025, 1, 1),
        "publicity_start": datetime.date(2025, 1, 1),
    }
    values.update(kwargs)
    record = CreditRecordFactory(**values)
    CreditRecord.objects.filter(pk=record.pk).update(obligations_met=True)
    return record


def test_records_expire_when_publicity_has_run_and_obligations_are_met():
    due = _due_record()
    obligations_open = CreditRecordFactory(
        severity=Severity.GENERAL,
        occurred_on=datetime.date(2025, 1, 1),
        publicity_start=datetime.date(2025, 1, 1),
    )
    still_public = _due_record(publicity_start=datetime.date(2025, 8, 1))
    ends_today = _due_record(publicity_start=datetime.date(2025, 6, 1))
    disputed = record_transition(record=_due_record(), transition="mark_disputed")
    commendation = _due_record(category=Category.COMMENDATION, severity="")

    count = records_expire_due(today=TODAY)

    assert count == 1
    states = {
        r.pk: r.state
        for r in CreditRecord.objects.filter(
            pk__in=[
                due.pk,
                obligations_open.pk,
                still_public.pk,
                ends_today.pk,
                disputed.pk,
                commendation.pk,
            ]
        )
    }
    assert states[due.pk] == RecordState.EXPIRED
    assert [states[r.pk] for r in (obligations_open, still_public, ends_today, commendation)] == [
        RecordState.ACTIVE
    ] * 4
    assert states[disputed.pk] == RecordState.DISPUTED
    assert _events(due)[-1] == ("active", "expired")


def test_expire_records_command_and_task_run_the_same_job():
    first = _due_record()
    out = StringIO()

    call_command("expire_records", stdout=out)
    second = _due_record()
    result = expire_records.delay().get()

    assert "1" in out.getvalue()
    assert result == 1
    assert CreditRecord.objects.get(pk=first.pk).state == RecordState.EXPIRED
    assert CreditRecord.objects.get(pk=second.pk).state == RecordState.EXPIRED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_transitions_of_one_record_cannot_both_succeed():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    record = CreditRecordFactory()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(transition: str) -> None:
        from django.db import connection as thread_connection

        copy = CreditRecord.objects.get(pk=record.pk)
        barrier.wait()
        try:
            record_transition(record=copy, transition=transition)
            outcomes.append("won")
        except (Conflict, ValidationError):
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=attempt, args=(name,)) for name in ("mark_disputed", "repair")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["refused", "won"]
    assert len(_events(record)) == 2
    assert CreditRecord.objects.get(pk=record.pk).state in (
        RecordState.DISPUTED,
        RecordState.REPAIRED,
    )
