"""Publicity periods and the earliest repair date, from the admin-editable PublicityPolicy."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .models import SANCTION_MONTHS, Category, CreditRecord, PublicityPolicy


def policy_for(severity: str) -> PublicityPolicy:
    try:
        return PublicityPolicy.objects.get(severity=severity)
    except PublicityPolicy.DoesNotExist as exc:
        # seeded by migration 0002; missing only if an admin deleted it
        raise ImproperlyConfigured(f"no publicity policy for severity {severity!r}") from exc


@dataclass(frozen=True)
class Publicity:
    end: datetime.date | None
    is_published: bool


def publicity_for(
    *, category: str, severity: str, start: datetime.date, sanction: str = ""
) -> Publicity:
    """A new record's publicity (domain.md §4).

    A commendation is shown while the honour is valid; a record from a civil servant's sanction
    follows the sanction's statutory period (政务处分法 art. 8); otherwise the policy's default
    for the severity, where 0 means not published (minor records, in principle).
    """
    if category == Category.COMMENDATION:
        months = settings.COMMENDATION_VALIDITY_MONTHS
    elif sanction in SANCTION_MONTHS:
        months = SANCTION_MONTHS[sanction]
    elif severity:
        months = policy_for(severity).default_months
    else:
        return Publicity(end=None, is_published=False)
    return Publicity(end=start + relativedelta(months=months), is_published=months > 0)


def publicity_end_for(*, severity: str, start: datetime.date) -> datetime.date:
    """The policy's default end for a dishonesty record of this severity."""
    return start + relativedelta(months=policy_for(severity).default_months)


def publicity_bounds(*, severity: str, start: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The earliest and latest end the policy allows for a publicity starting on `start`."""
    policy = policy_for(severity)
    return start + relativedelta(months=policy.min_months), start + relativedelta(
        months=policy.max_months
    )


def record_earliest_repair_on(record: CreditRecord) -> datetime.date:
    """The first day a repair may be applied for: publicity start plus the policy's minimum."""
    return record.publicity_start + relativedelta(
        months=policy_for(record.severity).repair_after_months
    )
