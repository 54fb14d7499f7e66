"""Whether a credit record may be repaired, and from when: one function, with reasons and a date.

Conditions (domain.md §4 and §6.4; 国办发〔2025〕22号, NDRC Order 36): an `active` dishonesty record of
the applicant's own subject, of a kind the law lets be repaired, not under objection, its minimum
period run from the publicity start (the PublicityPolicy's `repair_after_months`: minor 0, general 3,
serious 12 — policy), its obligations performed (recorded on the record, e.g. by an accepted
rectification, or evidence attached to the application), and no refusal of a repair of the record in
the last `REPAIR_REAPPLY_AFTER_DAYS` days.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from workflows.records.models import Category, CreditRecord, RecordState
from workflows.records.publicity import policy_for, record_earliest_repair_on

from .models import OPEN_STATES, Repair, RepairState


class Unmet:
    """The codes of unmet conditions (the API's `unmet[].code`)."""

    NOT_OWN_SUBJECT = "not_own_subject"
    NOT_DISHONESTY = "not_dishonesty"
    NOT_ACTIVE = "not_active"
    NOT_REPAIRABLE = "not_repairable"
    DISPUTED = "disputed"
    MINIMUM_PERIOD = "minimum_period"
    OBLIGATIONS = "obligations_not_met"
    REFUSED_RECENTLY = "refused_recently"
    PENDING = "repair_pending"


MESSAGES: dict[str, StrOrPromise] = {
    Unmet.NOT_OWN_SUBJECT: _("The record is not about a subject of your own department."),
    Unmet.NOT_DISHONESTY: _("Only a dishonesty record can be repaired."),
    Unmet.NOT_ACTIVE: _("Only an active record can be repaired; this record is %(state)s."),
    Unmet.NOT_REPAIRABLE: _("A law excludes this kind of record from credit repair."),
    Unmet.DISPUTED: _("The record is under objection; it can be repaired once the objection ends."),
    Unmet.MINIMUM_PERIOD: _(
        "The minimum period (%(months)d months from the publicity start) runs until %(date)s."
    ),
    Unmet.OBLIGATIONS: _(
        "The obligations are not recorded as performed: attach evidence of their performance."
    ),
    Unmet.REFUSED_RECENTLY: _(
        "A repair of this record was refused on %(refused)s; a new application is possible from "
        "%(date)s."
    ),
    Unmet.PENDING: _("A repair of this record is already in progress (%(case)s)."),
}

# conditions no date cures: the record can never be repaired, or not until something else happens
_UNDATED = {
    Unmet.NOT_OWN_SUBJECT,
    Unmet.NOT_DISHONESTY,
    Unmet.NOT_ACTIVE,
    Unmet.NOT_REPAIRABLE,
    Unmet.DISPUTED,
    Unmet.PENDING,
}


@dataclass(frozen=True)
class Condition:
    code: str
    message: str
    # the first day this condition is met, when a date cures it
    until: datetime.date | None = None

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "message": self.message,
            "until": self.until.isoformat() if self.until else None,
        }


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    unmet: list[Condition] = field(default_factory=list)
    # the first day an application can succeed (today when eligible); None: no date cures it
    earliest: datetime.date | None = None

    @property
    def codes(self) -> list[str]:
        return [c.code for c in self.unmet]

    def as_dict(self) -> dict:
        return {
            "eligible": self.eligible,
            "unmet": [c.as_dict() for c in self.unmet],
            "earliest": self.earliest.isoformat() if self.earliest else None,
        }


def _unmet(code: str, until: datetime.date | None = None, **params) -> Condition:
    return Condition(
        code=code,
        message=str(MESSAGES[code]) % params if params else str(MESSAGES[code]),
        until=until,
    )


def last_refusal_on(record: CreditRecord) -> datetime.date | None:
    closed = (
        Repair.objects.filter(record=record, state=RepairState.REFUSED, closed_at__isnull=False)
        .order_by("-closed_at")
        .values_list("closed_at", flat=True)
        .first()
    )
    return timezone.localtime(closed).date() if closed else None


def repair_eligibility(
    record: CreditRecord,
    *,
    on: datetime.date | None = None,
    by=None,
    evidence: bool = False,
    exclude_case=None,
) -> Eligibility:
    """Every unmet condition of repairing `record` on the day `on` (default today), and the earliest
    day an application can succeed.

    `by`: the applicant (its department must be the subject's); `evidence`: performance evidence
    is attached to the application (it stands in for obligations recorded as met).
    """
    on = on or timezone.localdate()
    unmet: list[Condition] = []
    if by is not None and record.subject.department_id != by.department_id:
        unmet.append(_unmet(Unmet.NOT_OWN_SUBJECT))
    if record.category != Category.DISHONESTY:
        unmet.append(_unmet(Unmet.NOT_DISHONESTY))
    if record.state == RecordState.DISPUTED:
        unmet.append(_unmet(Unmet.DISPUTED))
    elif record.state != RecordState.ACTIVE:
        unmet.append(_unmet(Unmet.NOT_ACTIVE, state=record.get_state_display()))
    if not record.is_repairable:
        unmet.append(_unmet(Unmet.NOT_REPAIRABLE))
    pending = Repair.objects.filter(record=record, state__in=OPEN_STATES)
    if exclude_case is not None:
        pending = pending.exclude(pk=exclude_case.pk)
    pending_number = pending.values_list("number", flat=True).first()
    if pending_number:
        unmet.append(_unmet(Unmet.PENDING, case=pending_number))
    if record.category == Category.DISHONESTY and record.severity:
        minimum_on = record_earliest_repair_on(record)
        if on < minimum_on:
            months = policy_for(record.severity).repair_after_months
            unmet.append(
                _unmet(Unmet.MINIMUM_PERIOD, minimum_on, months=months, date=minimum_on.isoformat())
            )
    if not record.obligations_met and not evidence:
        unmet.append(_unmet(Unmet.OBLIGATIONS))
    refused_on = last_refusal_on(record)
    if refused_on is not None:
        again_on = refused_on + datetime.timedelta(days=settings.REPAIR_REAPPLY_AFTER_DAYS)
        if on < again_on:
            unmet.append(
                _unmet(
                    Unmet.REFUSED_RECENTLY,
                    again_on,
                    refused=refused_on.isoformat(),
                    date=again_on.isoformat(),
                )
            )
    if not unmet:
        return Eligibility(eligible=True, unmet=[], earliest=on)
    if any(c.code in _UNDATED for c in unmet):
        earliest = None
    else:
        # what is left is cured by a date, or by evidence attached today
        earliest = max([on, *(c.until for c in unmet if c.until)])
    return Eligibility(eligible=False, unmet=unmet, earliest=earliest)


REPAIR_POSSIBLE_NOW = _("Credit repair: an application can succeed today.")
REPAIR_POSSIBLE_FROM = _("Credit repair: an application can succeed from %(date)s (%(unmet)s).")
REPAIR_NOT_POSSIBLE = _("Credit repair is not possible for this record: %(unmet)s")


def repair_record_notes(user, record: CreditRecord) -> list[str]:
    """The record page's line on repair, for the subject's own department (its filers)."""
    if record.category != "dishonesty" or record.subject.department_id != user.department_id:
        return []
    eligibility = repair_eligibility(record, by=user)
    unmet = "；".join(str(c.message) for c in eligibility.unmet)
    if eligibility.eligible:
        return [str(REPAIR_POSSIBLE_NOW)]
    if eligibility.earliest is not None:
        return [
            str(REPAIR_POSSIBLE_FROM % {"date": eligibility.earliest.isoformat(), "unmet": unmet})
        ]
    return [str(REPAIR_NOT_POSSIBLE % {"unmet": unmet})]
