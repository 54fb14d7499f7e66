"""评先评优 checks: may the subject be put forward for honours?

The rule implemented: a serious dishonesty record that is active makes the subject ineligible.
(An honours ban imposed after an overdue rectification is another helper's work in
workflows/records; it is not on this branch yet.)
"""

from django.utils.translation import gettext as _

from workflows.records.models import Category, CreditRecord, RecordState, Severity, Subject

SERIOUS_RECORD_REASON = "serious_dishonesty"


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
    return {"eligible": not reasons, "reasons": reasons}
