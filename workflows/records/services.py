"""Writes to the credit-record registry; every state change records its history in one transaction."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_fsm import TransitionNotAllowed, can_proceed

from workflows.casework.exceptions import Conflict

from .events import record_event_add
from .models import CreditRecord, RecordState

RECORD_TRANSITION_NOT_ALLOWED = _(
    "The record is %(state)s; it cannot be %(action)s from that state."
)
RECORD_CHANGED_CONCURRENTLY = _("The record was changed by someone else; reload it and try again.")

TRANSITION_LABELS = {
    "mark_disputed": _("marked as under objection"),
    "clear_dispute": _("cleared of the objection"),
    "correct": _("corrected"),
    "revoke": _("revoked"),
    "repair": _("repaired"),
    "expire": _("expired"),
}


def _locked(record: CreditRecord) -> CreditRecord:
    """Re-read the record under a row lock; a stale copy in hand means someone else moved it."""
    fresh = CreditRecord.objects.select_for_update().get(pk=record.pk)
    if fresh.state != record.state:
        raise Conflict(RECORD_CHANGED_CONCURRENTLY)
    return fresh


@transaction.atomic
def record_transition(
    *, record: CreditRecord, transition: str, by=None, case=None, reason: str = ""
) -> CreditRecord:
    """Apply one legal event to a record and write its history row."""
    from django.core.exceptions import ValidationError

    if transition not in TRANSITION_LABELS:
        raise ValueError(f"unknown record transition {transition!r}")
    record = _locked(record)
    method = getattr(record, transition)
    if not can_proceed(method):
        raise ValidationError(
            RECORD_TRANSITION_NOT_ALLOWED,
            code="invalid_transition",
            params={
                "state": record.get_state_display(),
                "action": TRANSITION_LABELS[transition],
            },
        )
    from_state = record.state
    try:
        method()
    except TransitionNotAllowed as exc:  # a condition failed between check and call
        raise Conflict(RECORD_CHANGED_CONCURRENTLY) from exc
    record.save()
    record_event_add(
        record=record, from_state=from_state, to_state=record.state, by=by, case=case, reason=reason
    )
    return record


@transaction.atomic
def record_correct(
    *, record: CreditRecord, summary: str, by=None, case=None, reason: str = ""
) -> CreditRecord:
    """Appeal upheld with amended content: the old version is corrected, a new one is active."""
    old = record_transition(record=record, transition="correct", by=by, case=case, reason=reason)
    new = CreditRecord.objects.create(
        subject=old.subject,
        category=old.category,
        severity=old.severity,
        source=old.source,
        summary=summary,
        document_number=old.document_number,
        occurred_on=old.occurred_on,
        provider=old.provider,
        publicity_start=old.publicity_start,
        publicity_end=old.publicity_end,
        is_repairable=old.is_repairable,
        obligations_met=old.obligations_met,
        previous_version=old,
    )
    record_event_add(
        record=new, from_state="", to_state=RecordState.ACTIVE, by=by, case=case, reason=reason
    )
    return new


@transaction.atomic
def record_note_dispute(*, record: CreditRecord, note: str, by=None, case=None) -> CreditRecord:
    """Dismissed with "dispute recorded": back to active, with the objection kept visible."""
    record = record_transition(
        record=record, transition="clear_dispute", by=by, case=case, reason=note
    )
    CreditRecord.objects.filter(pk=record.pk).update(dispute_note=note)
    record.dispute_note = note
    return record
