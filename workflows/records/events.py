"""History rows of credit records, written in the transaction of the change they describe."""

from django.db import transaction

from workflows.audit.services import audit_append

from .models import CreditRecord, RecordEvent


@transaction.atomic
def record_event_add(
    *, record: CreditRecord, from_state: str, to_state: str, by=None, case=None, reason: str = ""
) -> RecordEvent:
    event = RecordEvent.objects.create(
        record=record,
        from_state=from_state,
        to_state=to_state,
        by=by,
        case_id=getattr(case, "pk", None),
        case_number=getattr(case, "number", "") or "",
        reason=reason,
    )
    audit_append(event)
    return event
