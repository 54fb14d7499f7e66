"""评先评优 checks: may the subject be put forward for honours?

A subject is ineligible while an honours ban is in force (an overdue rectification, the city's
opinions 二(五)) or while a serious dishonesty record of it is active.
"""

from django.utils.translation import gettext as _

from workflows.records.models import Category, CreditRecord, RecordState, Severity, Subject
from workflows.records.selectors import subject_honours_banned_until

SERIOUS_RECORD_REASON = "serious_dishonesty"
BANNED_REASON = "honours_ban"


def honours_check(subject: Subject) -> dict:
    serious = CreditRecord.objects.filter(
        subject=subject,
        category=Category.DISHONESTY,
        severity=Severity.SERIOUS,
        state=RecordState.ACTIVE,
    ).order_by("id")
    reasons = [
        {
            "code": SERIOUS_RECORD_REASON,
            "record": record.pk,
            "message": _("A serious dishonesty record is active (%(document)s, %(date)s).")
            % {"document": record.document_number or "—", "date": record.occurred_on.isoformat()},
        }
        for record in serious
    ]
    banned_until = subject_honours_banned_until(subject)
    if banned_until is not None:
        reasons.insert(
            0,
            {
                "code": BANNED_REASON,
                "until": banned_until.isoformat(),
                "message": _("Banned from honours until %(date)s.")
                % {"date": banned_until.isoformat()},
            },
        )
    return {"eligible": not reasons, "reasons": reasons}
