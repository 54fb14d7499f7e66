"""Writes to the credit-record registry; every state change records its history in one transaction."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import TransitionNotAllowed, can_proceed

from workflows.exceptions import Conflict
from workflows.organization.models import Department

from .events import record_event_add
from .models import Category, CreditRecord, HonoursBan, RecordBlock, RecordState, Severity, Subject
from .publicity import publicity_for

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
    *,
    record: CreditRecord,
    summary: str,
    by=None,
    case=None,
    reason: str = "",
    severity: str | None = None,
    publicity_end: datetime.date | None = None,
) -> CreditRecord:
    """Appeal upheld with amended content: the old version is corrected, a new one is active.

    The correction may amend the summary, the severity and the publicity end (domain.md §6.1);
    what is not given is carried over.
    """
    old = record_transition(record=record, transition="correct", by=by, case=case, reason=reason)
    new = CreditRecord(
        subject=old.subject,
        category=old.category,
        severity=old.severity if severity is None else severity,
        source=old.source,
        sanction=old.sanction,
        summary=summary or old.summary,
        document_number=old.document_number,
        occurred_on=old.occurred_on,
        provider=old.provider,
        publicity_start=old.publicity_start,
        publicity_end=publicity_end or old.publicity_end,
        is_published=old.is_published,
        is_repairable=old.is_repairable,
        obligations_met=old.obligations_met,
        previous_version=old,
    )
    new.full_clean(exclude=["state", "previous_version"])
    new.save()
    record_event_add(
        record=new, from_state="", to_state=RecordState.ACTIVE, by=by, case=case, reason=reason
    )
    return new


# what an edit may change; the state moves only through record_transition, the subject and
# provider never (a different subject or provider is a different record)
RECORD_EDITABLE_FIELDS = (
    "category",
    "severity",
    "source",
    "summary",
    "document_number",
    "occurred_on",
    "publicity_start",
    "publicity_end",
    "is_repairable",
    "obligations_met",
)
RECORD_EDITED = _("Edited: %(changes)s")
RECORD_EDIT_NEEDS_REASON = _("Say why the record is changed.")
RECORD_FIELD_NOT_EDITABLE = _("This field cannot be edited.")


@transaction.atomic
def record_edit(*, record: CreditRecord, by, reason: str, **changes) -> CreditRecord:
    """Change a record's content; a history row names each field with its old and new value."""
    unknown = set(changes) - set(RECORD_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), RECORD_FIELD_NOT_EDITABLE))
    if not reason.strip():
        raise ValidationError({"reason": RECORD_EDIT_NEEDS_REASON})
    fresh = CreditRecord.objects.select_for_update().get(pk=record.pk)
    changed = []
    for name, value in changes.items():
        old = getattr(fresh, name)
        if old != value:
            changed.append(f"{name}: {old} → {value}")
            setattr(fresh, name, value)
    if not changed:
        return fresh
    fresh.full_clean(exclude=["state"])
    fresh.save()
    record_event_add(
        record=fresh,
        from_state=fresh.state,
        to_state=fresh.state,
        by=by,
        reason=f"{reason.strip()} — {RECORD_EDITED % {'changes': '; '.join(changed)}}",
    )
    return fresh


@transaction.atomic
def record_note_dispute(*, record: CreditRecord, note: str, by=None, case=None) -> CreditRecord:
    """Dismissed with "dispute recorded": back to active, with the objection kept visible."""
    record = record_transition(
        record=record, transition="clear_dispute", by=by, case=case, reason=note
    )
    CreditRecord.objects.filter(pk=record.pk).update(dispute_note=note)
    record.dispute_note = note
    return record


@transaction.atomic
def subject_create(
    *,
    kind: str,
    name: str,
    department: Department,
    uscc: str = "",
    address: str = "",
    person_in_charge: str = "",
    by=None,
) -> Subject:
    """Register a government body or civil servant under the department that files for it."""
    subject = Subject(
        kind=kind,
        name=name.strip(),
        uscc=uscc.strip(),
        address=address.strip(),
        person_in_charge=person_in_charge.strip(),
        department=department,
    )
    subject.full_clean()
    subject.save()
    return subject


@transaction.atomic
def record_create(
    *,
    subject: Subject,
    category: str,
    severity: str,
    source: str,
    summary: str,
    occurred_on: datetime.date,
    provider: Department,
    publicity_start: datetime.date | None = None,
    document_number: str = "",
    sanction: str = "",
    by=None,
) -> CreditRecord:
    """Enter a record as active, with the publicity domain.md §4 gives it (publicity.publicity_for)."""
    if category == Category.DISHONESTY:
        block = record_block_for(subject=subject, summary=summary, document_number=document_number)
        if block is not None:
            raise Conflict(
                RECORD_BLOCKED % {"case": block.case_number or "—", "reason": block.reason}
            )
    start = publicity_start or timezone.localdate()
    publicity = publicity_for(category=category, severity=severity, start=start, sanction=sanction)
    record = CreditRecord(
        subject=subject,
        category=category,
        severity=severity,
        source=source,
        sanction=sanction,
        summary=summary,
        occurred_on=occurred_on,
        provider=provider,
        publicity_start=start,
        publicity_end=publicity.end,
        is_published=publicity.is_published,
        document_number=document_number,
    )
    record.full_clean(exclude=["state"])  # protected FSM field: see django-fsm-2
    record.save()
    record_event_add(record=record, from_state="", to_state=RecordState.ACTIVE, by=by)
    return record


RECORD_BLOCKED = _(
    "No dishonesty record may be entered for this matter while the determination of case "
    "%(case)s stands: %(reason)s"
)


def record_block_for(
    *, subject: Subject, summary: str, document_number: str = ""
) -> RecordBlock | None:
    """The standing block, if any, on a dishonesty record of this subject for this matter: the
    same deciding document number, or the same text as the blocked matter."""
    today = timezone.localdate()
    standing = RecordBlock.objects.filter(subject=subject).filter(
        Q(until__isnull=True) | Q(until__gte=today)
    )
    same_matter = Q(matter=summary.strip())
    if document_number.strip():
        same_matter |= Q(document_number=document_number.strip())
    return standing.filter(same_matter).first()


@transaction.atomic
def record_block_add(
    *,
    subject: Subject,
    matter: str,
    reason: str,
    document_number: str = "",
    until: datetime.date | None = None,
    case=None,
) -> RecordBlock:
    """Bar new dishonesty records of the subject for the matter (while `until` has not passed)."""
    return RecordBlock.objects.create(
        subject=subject,
        matter=matter.strip(),
        document_number=document_number.strip(),
        until=until,
        reason=reason,
        case_id=getattr(case, "pk", None),
        case_number=getattr(case, "number", "") or "",
    )


# one class lighter (domain.md §4 severities); a minor record stays minor
SEVERITY_LIGHTER = {Severity.SERIOUS: Severity.GENERAL, Severity.GENERAL: Severity.MINOR}
RECORD_LIGHTENED = _(
    "%(reason)s — degree of dishonesty %(old)s → %(new)s; publicity end %(old_end)s → %(new_end)s"
)


@transaction.atomic
def record_severity_lower(
    *, record: CreditRecord, by=None, case=None, reason: str = ""
) -> CreditRecord:
    """The record's severity drops one class and its publicity is recomputed by the §4 policy from
    the same publicity start (publicity.publicity_for); a history row names both changes."""
    fresh = CreditRecord.objects.select_for_update().get(pk=record.pk)
    old_severity, old_end = fresh.severity, fresh.publicity_end
    new_severity = (
        SEVERITY_LIGHTER.get(Severity(old_severity), old_severity) if old_severity else ""
    )
    publicity = publicity_for(
        category=fresh.category,
        severity=new_severity,
        start=fresh.publicity_start,
        sanction=fresh.sanction,
    )
    fresh.severity = new_severity
    fresh.publicity_end = publicity.end
    fresh.is_published = publicity.is_published
    fresh.full_clean(exclude=["state"])
    fresh.save()
    record_event_add(
        record=fresh,
        from_state=fresh.state,
        to_state=fresh.state,
        by=by,
        case=case,
        reason=str(
            RECORD_LIGHTENED
            % {
                "reason": reason,
                "old": old_severity,
                "new": new_severity,
                "old_end": old_end or "—",
                "new_end": fresh.publicity_end or "—",
            }
        ),
    )
    return fresh


RECORD_EXPIRED_REASON = _("The maximum publicity period has run and the obligations are met.")


def records_expire_due(*, today: datetime.date | None = None) -> int:
    """Expire active dishonesty records past their publicity end; returns how many."""
    today = today or timezone.localdate()
    due = CreditRecord.objects.filter(
        state=RecordState.ACTIVE,
        category=Category.DISHONESTY,
        obligations_met=True,
        publicity_end__lt=today,
    ).values_list("pk", flat=True)
    expired = 0
    for pk in list(due):
        record = CreditRecord.objects.get(pk=pk)
        try:
            record_transition(record=record, transition="expire", reason=str(RECORD_EXPIRED_REASON))
        except (Conflict, ValidationError):
            # moved by a case meanwhile (disputed, repaired): not due any more
            continue
        expired += 1
    return expired


OBLIGATIONS_MET_REASON = _("Obligations met: %(reason)s")


@transaction.atomic
def record_obligations_mark_met(
    *, record: CreditRecord, by=None, case=None, reason: str = ""
) -> CreditRecord:
    """The subject has performed what the record obliged it to (e.g. an accepted rectification):
    credit repair may rely on it. A history row names the case; marking twice changes nothing."""
    fresh = CreditRecord.objects.select_for_update().get(pk=record.pk)
    if fresh.obligations_met:
        return fresh
    fresh.obligations_met = True
    fresh.save(update_fields=["obligations_met"])
    record_event_add(
        record=fresh,
        from_state=fresh.state,
        to_state=fresh.state,
        by=by,
        case=case,
        reason=str(OBLIGATIONS_MET_REASON % {"reason": reason}),
    )
    return fresh


def honours_ban_ends_on(*, starts_on: datetime.date, months: int) -> datetime.date:
    """The last banned day: the day before the same date `months` later."""
    return starts_on + relativedelta(months=months) - datetime.timedelta(days=1)


@transaction.atomic
def honours_ban_impose(
    *,
    subject: Subject,
    months: int,
    by=None,
    case=None,
    reason: str = "",
    starts_on: datetime.date | None = None,
) -> HonoursBan:
    """The subject may not be proposed for honours for `months` from `starts_on` (today): the
    last banned day is the day before the same date `months` later."""
    starts_on = starts_on or timezone.localdate()
    ban = HonoursBan(
        subject=subject,
        starts_on=starts_on,
        ends_on=honours_ban_ends_on(starts_on=starts_on, months=months),
        case_id=getattr(case, "pk", None),
        case_number=getattr(case, "number", "") or "",
        reason=reason,
        imposed_by=by,
    )
    ban.save()
    return ban


@transaction.atomic
def record_repair(
    *, record: CreditRecord, by=None, case=None, reason: str = "", on: datetime.date | None = None
) -> CreditRecord:
    """Credit repair approved: the record is `repaired` and its publicity ends that same day."""
    on = on or timezone.localdate()
    record = record_transition(record=record, transition="repair", by=by, case=case, reason=reason)
    end = max(on, record.publicity_start)
    if record.publicity_end is None or record.publicity_end > end:
        CreditRecord.objects.filter(pk=record.pk).update(publicity_end=end)
        record.publicity_end = end
    return record
