"""The 信用泰州 feed and 双公示 tracking.

Published: records of government bodies, `active` or `disputed` (the latter marked 异议处理中),
published by their publicity rule (minor records are not) and never minor. A record's
`published_at` is when it entered the registry active, i.e. became visible in the feed.
Decisions that must be published under 双公示 (administrative penalties) are due in the feed
within 7 working days of the decision (the record's `occurred_on`, the deciding document's date).
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, DateField, F, Max, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate

from workflows.records.models import (
    CreditRecord,
    RecordEvent,
    RecordState,
    Severity,
    Source,
    SubjectKind,
)
from workflows.workdays.due_dates import add_workdays, workdays_between

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


# what the feed reads of a record: exactly what it publishes (api.md), plus what decides the
# mark and the due date. Read as values, not model instances: a pull of thousands stays cheap.
FEED_COLUMNS = (
    "id",
    "subject__name",
    "subject__uscc",
    "category",
    "severity",
    "summary",
    "document_number",
    "occurred_on",
    "publicity_start",
    "publicity_end",
    "provider__name",
    "state",
    "created_at",
    "source",
)


def _feed_rows(records: QuerySet[CreditRecord]) -> list[dict]:
    """Exactly the published fields: no notes, no person's identifiers. The publication due
    date is counted once per decision day."""
    dues: dict[datetime.date, datetime.date] = {}
    rows = []
    for r in records.values(*FEED_COLUMNS):
        due = None
        if r["source"] in DOUBLE_PUBLICITY_SOURCES:
            day = r["occurred_on"]
            if day not in dues:
                dues[day] = add_workdays(day, PUBLICATION_WORKING_DAYS).due
            due = dues[day]
        rows.append(
            {
                "id": r["id"],
                "subject_name": r["subject__name"],
                "uscc": r["subject__uscc"],
                "category": r["category"],
                "severity": r["severity"] or None,
                "summary": r["summary"],
                "document_number": r["document_number"],
                "occurred_on": r["occurred_on"],
                "publicity_start": r["publicity_start"],
                "publicity_end": r["publicity_end"],
                "provider_name": r["provider__name"],
                "mark": DISPUTED_MARK if r["state"] == RecordState.DISPUTED else None,
                "published_at": r["created_at"],  # as published_at(): entered, i.e. published
                "publication_due": due,
            }
        )
    return rows


def feed_change_refs(since: datetime.datetime | None) -> list[tuple]:
    """What a pull returns, in order, before any row is built: ("record", id) for each record
    published now (the whole feed, or with `since` those created or changed after it), then
    ("deleted", id, at) for each that left publication since then. Paginate this list and build
    only the page's rows with `feed_rows_of`.

    An incremental pull finds what changed from the indexes on the records' times and on their
    events' (a few rows), then reads only those records."""
    records = feed_records()
    if since is None:
        return [("record", pk) for pk in records.values_list("pk", flat=True)]
    touched = set(
        CreditRecord.objects.filter(Q(created_at__gt=since) | Q(updated_at__gt=since))
        .order_by()
        .values_list("pk", flat=True)
    )
    events = RecordEvent.objects.filter(at__gt=since).order_by()
    touched.update(events.values_list("record_id", flat=True))
    refs: list[tuple] = [
        ("record", pk) for pk in records.filter(pk__in=touched).values_list("pk", flat=True)
    ]
    leaving = events.exclude(to_state__in=FEED_STATES).values_list("record_id", flat=True)
    left = (
        publishable_records()
        .filter(pk__in=set(leaving))
        .exclude(state__in=FEED_STATES)
        # a record entered and gone within the window was never pulled: nothing to delete
        .filter(created_at__lte=since)
        .annotate(left_at=Max("events__at"))
        .order_by("left_at", "id")
    )
    refs.extend(("deleted", pk, at) for pk, at in left.values_list("pk", "left_at"))
    return refs


def feed_rows_of(refs: list[tuple]) -> list[dict]:
    """The rows of (a page of) `feed_change_refs`, in its order."""
    ids = [ref[1] for ref in refs if ref[0] == "record"]
    found = {row["id"]: row for row in _feed_rows(feed_records().filter(pk__in=ids))}
    return [
        found[ref[1]] if ref[0] == "record" else {"id": ref[1], "deleted": True, "at": ref[2]}
        for ref in refs
        if ref[0] != "record" or ref[1] in found
    ]


def feed_changes(since: datetime.datetime | None) -> list[dict]:
    """The whole feed, or with `since` what changed after it: current rows, then the records
    that left publication as {"id", "deleted": true, "at"}."""
    if since is None:  # everything published: read in one pass, not by a list of ids
        return _feed_rows(feed_records())
    return feed_rows_of(feed_change_refs(since))


def _due_dates(records: QuerySet[CreditRecord]) -> dict[datetime.date, datetime.date]:
    """publication due date of each decision day among `records`, computed once per day."""
    days = records.order_by().values_list("occurred_on", flat=True).distinct()
    return {day: add_workdays(day, PUBLICATION_WORKING_DAYS).due for day in days}


def publication_records(
    *, scope: int | None = None, late_only: bool = False
) -> QuerySet[CreditRecord]:
    """双公示 tracking as a queryset (filtered, sorted and paginated in the database): each
    decision annotated with `due_on` and `published_on` (the local day it entered the feed)."""
    records = publishable_records().filter(source__in=DOUBLE_PUBLICITY_SOURCES)
    if scope is not None:
        records = records.filter(provider_id=scope)
    # working days cannot be counted in SQL: the due date of each distinct decision day is
    # computed here and handed to the database as a CASE (a few hundred days, not every row)
    due = [When(occurred_on=day, then=Value(on)) for day, on in _due_dates(records).items()]
    records = records.annotate(
        due_on=Case(*due, default=Value(None), output_field=DateField()),
        published_on=TruncDate("created_at", tzinfo=ZoneInfo(settings.TIME_ZONE)),
    )
    if late_only:
        records = records.filter(published_on__gt=F("due_on"))
    return records.select_related("subject", "provider").order_by("-id")


def publication_rows_of(records) -> list[dict]:
    """The rows of a page of `publication_records`."""
    rows = []
    for record in records:
        late = bool(record.due_on and record.published_on > record.due_on)
        rows.append(
            {
                "record": record.pk,
                "subject_name": record.subject.name,
                "document_number": record.document_number,
                "provider": record.provider_id,
                "provider_name": record.provider.name,
                "decided_on": record.occurred_on,
                "publication_due": record.due_on,
                "published_at": published_at(record),
                "late": late,
                "working_days_late": workdays_between(record.due_on, record.published_on)
                if late
                else 0,
            }
        )
    return rows


def publication_rows(*, scope: int | None = None, late_only: bool = False) -> list[dict]:
    """双公示 tracking: decisions due in the feed, when they got there, and whether late."""
    return publication_rows_of(publication_records(scope=scope, late_only=late_only))
