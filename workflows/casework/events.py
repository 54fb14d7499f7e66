"""History rows of cases, written in the transaction of the action they describe."""

from django.db import transaction

from workflows.audit.services import audit_append

from .models import Case, CaseEvent


@transaction.atomic
def case_event_add(*, case: Case, step: str, action: str, by=None, comment: str = "") -> CaseEvent:
    event = CaseEvent.objects.create(
        case=case, step=step, action=action, by=by, comment=comment or ""
    )
    audit_append(event)
    return event
