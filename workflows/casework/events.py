"""History rows of cases, written in the transaction of the action they describe.

Each row says what happened as an event type and its parameters, so no reader has to guess from a
process's field names."""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from workflows.audit.services import audit_append

from .models import Case, CaseEvent


class EventType(models.TextChoices):
    FILED = "filed", _("Filed")
    STEP_ACTION = "step_action", _("Step action")
    OPINION = "opinion", _("Opinion recorded")
    CLAIMED = "claimed", _("Claimed")
    RELEASED = "released", _("Released")
    REASSIGNED = "reassigned", _("Reassigned")
    EXTENDED = "extended", _("Time limit extended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUSPENDED = "suspended", _("Suspended")
    RESUMED = "resumed", _("Resumed")
    UPLOADED = "uploaded", _("Material attached")
    DOCUMENT_ISSUED = "document_issued", _("Document issued")
    CLOCK_STARTED = "clock_started", _("Case clock started")
    PERIOD_ENDED = "period_ended", _("Period ended")
    COMMENTED = "commented", _("Commented")


def case_event_add(
    *,
    case: Case,
    step: str,
    action: str,
    by=None,
    comment: str = "",
    event: str = EventType.STEP_ACTION,
    params: dict | None = None,
) -> CaseEvent:
    # one unit with its audit entry, without a savepoint inside the step's transaction
    with transaction.atomic(savepoint=False):
        row = CaseEvent.objects.create(
            case=case,
            step=step,
            action=action,
            by=by,
            comment=comment or "",
            event=str(event),
            params=params or {},
        )
        audit_append(row)
    return row
