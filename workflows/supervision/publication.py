"""The 信用泰州 feed and 双公示 tracking.

Published: records of government bodies, `active` or `disputed` (the latter marked 异议处理中),
published by their publicity rule (minor records are not) and never minor. A record's
`published_at` is when it entered the registry active, i.e. became visible in the feed.
Decisions that must be published under 双公示 (administrative penalties) are due in the feed
within 7 working days of the decision (the record's `occurred_on`, the deciding document's date).
"""

import datetime

from django.db.models import Exists, Max, OuterRef, Q, QuerySet

from workflows.records.models import (
    CreditRecord,
    RecordEvent,
    RecordState,
    Severity,
    Source,
    SubjectKind,
)
from workflows.workdays.due_dates import add_workdays, local_date, workdays_between

DISPUTED_MARK = "异议处理中"
FEED_STATES = (RecordState.ACTIVE, RecordState.DISPUTED)
# 双公示: administrative licensing and penalty decisions are published within 7 working days
DOUBLE_PUBLICITY_SOURCES = (Source.PENALTY,)
PUBLICATION_WORKING_DAYS = 7

FEED_FIELDS = (
    "id",
    "subject_name",
    "uscc",
    "category",
    "severity",
    "summary",
    "document_number",
    "occurred_on",
    "publicity_start",
    "publicity_end",
    "provider_name",
    "mark",
    "published_at",
    "publication_due",
)


def publishable_records() -> QuerySet[CreditRecord]:
    """Records that are published while in a feed state (whatever their state now)."""
    return CreditRecord.objects.filter(subject__kind=SubjectKind.BODY, is_published=True).exclude(
        severity=Severity.MINOR
    )


def feed_records() -> QuerySet[CreditRecord]:
    return (
        publishable_records()
        .filter(state__in=FEED_STATES)
        .select_related("subject", "provider")
        .order_by("id")
    )


def publication_due(record: CreditRecord) -> datetime.date | None:
    if record.source not in DOUBLE_PUBLICITY_SOURCES:
        return None
    return add_workdays(record.occurred_on, PUBLICATION_WORKING_DAYS).due


def published_at(record: CreditRecord) -> datetime.datetime:
    return record.created_at


def is_published_late(record: CreditRecord) -> bool:
    due = publication_due(record)
    return bool(due and local_date(published_at(record)) > due)


def feed_row(record: CreditRecord) -> dict:
    """Exactly the published fields (api.md): no notes, no person's identifiers."""
    return {
        "id": record.pk,
        "subject_name": record.subject.name,
        "uscc": record.subject.uscc,
        "category": record.category,
        "severity": record.severity or None,
        "summary": record.summary,
        "document_number": record.document_number,
        "occurred_on": record.occurred_on,
        "publicity_start": record.publicity_start,
        "publicity_end": record.publicity_end,
        "provider_name": record.provider.name,
        "mark": DISPUTED_MARK if record.state == RecordState.DISPUTED else None,
        "published_at": published_at(record),
        "publication_due": publication_due(record),
    }


def feed_changes(since: datetime.datetime | None) -> list[dict]:
    """The whole feed, or with `since` what changed after it: current rows, then the records
    that left publication as {"id", "deleted": true, "at"}."""
    records = feed_records()
    if since is None:
        return [feed_row(r) for r in records]
    changed = RecordEvent.objects.filter(record=OuterRef("pk"), at__gt=since)
    current = records.filter(Q(created_at__gt=since) | Q(updated_at__gt=since) | Exists(changed))
    rows: list[dict] = [feed_row(r) for r in current]
    left = (
        publishable_records()
        .exclude(state__in=FEED_STATES)
        .filter(Exists(changed.exclude(to_state__in=FEED_STATES)))
        .annotate(left_at=Max("events__at"))
        .order_by("left_at", "id")
    )
    # a record entered and gone within the window was never pulled: nothing to delete
    left = left.filter(created_at__lte=since)
    rows.extend({"id": r.pk, "deleted": True, "at": r.left_at} for r in left)
    return rows


def publication_rows(*, scope: int | None = None, late_only: bool = False) -> list[dict]:
    """双公示 tracking: decisions due in the feed, when they got there, and whether late."""
    records = (
        publishable_records()
        .filter(source__in=DOUBLE_PUBLICITY_SOURCES)
        .select_related("subject", "provider")
        .order_by("-id")
    )
    if scope is not None:
        records = records.filter(provider_id=scope)
    rows = []
    for record in records:
        due = publication_due(record)
        late = is_published_late(record)
        if late_only and not late:
            continue
        rows.append(
            {
                "record": record.pk,
                "subject_name": record.subject.name,
                "document_number": record.document_number,
                "provider": record.provider_id,
                "provider_name": record.provider.name,
                "decided_on": record.occurred_on,
                "publication_due": due,
                "published_at": published_at(record),
                "late": late,
                "working_days_late": _days_late(record, due) if late else 0,
            }
        )
    return rows


def _days_late(record: CreditRecord, due: datetime.date | None) -> int:
    if due is None:
        return 0
    return workdays_between(due, local_date(published_at(record)))
