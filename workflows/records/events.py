"""History rows of credit records, written in the transaction of the change they describe."""

from .models import CreditRecord, RecordEvent


def record_event_add(
    *, record: CreditRecord, from_state: str, to_state: str, by=None, case=None, reason: str = ""
) -> RecordEvent:
    return RecordEvent.objects.create(
        record=record,
        from_state=from_state,
        to_state=to_state,
        by=by,
        case_id=getattr(case, "pk", None),
        case_number=getattr(case, "number", "") or "",
        reason=reason,
    )
