"""Comments outside a step: whoever acts on a case (its filer's department, those who may work one
of its open tasks, the credit office) writes a remark into the case's history, and the others
working on the case are told. A comment decides nothing and moves no step."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .alerts import holders
from .events import EventType, case_event_add
from .exceptions import Conflict
from .models import Case, CaseEvent, CaseTask
from .notifications import notify
from .selectors import user_may_upload

COMMENT_STEP = "comment"
COMMENT_MAX = 2000

COMMENT_NOT_ACTING = _("Only those acting on the case may comment on it.")
COMMENT_EMPTY = _("Write the comment first.")
COMMENT_TOO_LONG = _("A comment has at most %(max)d characters.")
COMMENT_CASE_CLOSED = _("The case is closed; comments are no longer added to it.")
COMMENTED_SUBJECT = _("New comment on case %(case)s")


def user_may_comment(user, case: Case) -> bool:
    return not case.is_closed and user_may_upload(user, case)


def case_comment_add(*, case: Case, by, text: str) -> CaseEvent:
    """One history row with the text; the filer and the holders of the open tasks hear of it."""
    if not user_may_upload(by, case):
        raise PermissionDenied(COMMENT_NOT_ACTING)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [COMMENT_EMPTY]})
    if len(text) > COMMENT_MAX:
        raise ValidationError(
            {"text": [ValidationError(COMMENT_TOO_LONG, params={"max": COMMENT_MAX})]}
        )
    if case.is_closed:
        raise Conflict(COMMENT_CASE_CLOSED)
    with transaction.atomic():
        event = case_event_add(
            case=case,
            step=COMMENT_STEP,
            action="comment",
            by=by,
            comment=text,
            event=EventType.COMMENTED,
        )
        recipients = {case.filed_by}
        for case_task in CaseTask.objects.filter(case=case, is_open=True).select_related(
            "case", "claimed_by", "task"
        ):
            recipients.update(holders(case_task))
        recipients.discard(by)
        notify(
            recipients=recipients,
            subject=COMMENTED_SUBJECT,
            body="%(text)s",  # the text as a parameter: a "%" in it is not a placeholder
            params={"case": case.number, "text": text},
            case=case,
        )
    return event
