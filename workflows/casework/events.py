"""History rows of cases, written in the transaction of the action they describe."""

from .models import Case, CaseEvent


def case_event_add(*, case: Case, step: str, action: str, by=None, comment: str = "") -> CaseEvent:
    return CaseEvent.objects.create(
        case=case, step=step, action=action, by=by, comment=comment or ""
    )
