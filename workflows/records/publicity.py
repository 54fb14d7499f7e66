"""Publicity periods and the earliest repair date, from the admin-editable PublicityPolicy."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ImproperlyConfigured

from .models import CreditRecord, PublicityPolicy


def policy_for(severity: str) -> PublicityPolicy:
    try:
        return PublicityPolicy.objects.get(severity=severity)
    except PublicityPolicy.DoesNotExist as exc:
        # seeded by migration 0002; missing only if an admin deleted it
        raise ImproperlyConfigured(f"no publicity policy for severity {severity!r}") from exc


def publicity_end_for(*, severity: str, start: datetime.date) -> datetime.date:
    """The default end: start plus the policy's maximum period."""
    return start + relativedelta(months=policy_for(severity).max_months)


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
