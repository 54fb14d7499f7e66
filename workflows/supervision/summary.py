"""The summary per department and kind over a period, generic over the registered kinds.

Definitions (docs/supervision.md):
- filed: cases filed in the period; decided: cases whose decision was issued in the period;
- on time: decided cases none of whose tasks was finished after its due time;
- overdue: decided cases that were not on time, plus cases still open now with a task or clock
  past due (filed by the period's end);
- median days to decide: working days from filing to the decision, over the decided cases;
- open by state: cases filed by the period's end and still open, per state.
Per department besides: repairs granted on the records it provided, rectifications of its
subjects whose deadline passed without the report (their overdue handling opened in the
period; the credit office files every rectification, so the subject says whose it is), honours
bans imposed on its subjects in the period. Records: new credit records entered in the period (not
corrected versions) by source and severity. Weeks: tasks and case clocks that went overdue in
each week (their due time passed in it and they were not done by then).

Every count is one grouped query in the database (a city of 100 departments and a million
tasks: docs/performance.md); only the median's working days are counted here, once per
distinct (filing day, decision day).
"""

import datetime
import statistics
from collections import Counter, defaultdict
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone

from workflows.casework import registry
from workflows.casework.models import Case, CaseClock, CaseTask
from workflows.organization.models import Department
from workflows.records.models import CreditRecord, HonoursBan, RecordEvent, RecordState
from workflows.workdays.due_dates import end_of_day, workdays_between

COUNTS = ("filed", "decided", "on_time", "overdue")
# per department only (not per kind): what happened to records, subjects and rectifications
DEPARTMENT_COUNTS = ("repairs", "rectifications_overdue", "honours_bans")
# the rectification process (domain.md "Rectification"): its deadline, once passed without the
# report, opens the supervisor's overdue handling. Named, not imported: supervision never
# imports a process app (import-linter).
RECTIFICATION_KIND = "rectification"
DEADLINE_MISSED_STEP = "handle_overdue"


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def period_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, ...]:
    """From 00:00 of the first day to 24:00 of the last, Asia/Shanghai."""
    return end_of_day(start - datetime.timedelta(days=1)), end_of_day(end)


def _empty() -> dict:
    return {**dict.fromkeys(COUNTS, 0), "days": Counter(), "open_by_state": Counter()}


def _median(days: Counter) -> float | None:
    """The median of the working days, each counted as often as it occurred."""
    values = sorted(days.elements())
    return float(statistics.median(values)) if values else None


def _finish(bucket: dict) -> dict:
    return {
        **{name: bucket[name] for name in COUNTS},
        "median_days_to_decide": _median(bucket["days"]),
        "open_by_state": dict(sorted(bucket["open_by_state"].items())),
    }


@cache
def _workdays(filed: datetime.date, decided: datetime.date) -> int:
    return workdays_between(filed, decided)


def _case_buckets(begin, finish, now, scope) -> dict[tuple[int, str], dict]:
    """Per (filing department, kind): the counts, the working days to decide, open by state.

    Each count is its own grouped query whose condition on tasks is an `IN (subquery)` in the
    WHERE clause, which the database runs as one hashed semi-join (inside a count's FILTER it
    could be re-run for every case)."""
    cases = Case.objects.all()
    if scope is not None:
        cases = cases.filter(filing_department_id=scope)
    group = ("filing_department_id", "kind")
    buckets: dict[tuple[int, str], dict] = defaultdict(_empty)

    def grouped(queryset, *extra):
        return queryset.values(*group, *extra).annotate(n=Count("pk")).order_by()

    for row in grouped(cases.filter(filed_at__gte=begin, filed_at__lt=finish)):
        buckets[(row["filing_department_id"], row["kind"])]["filed"] += row["n"]

    decided = cases.filter(decision__issued_at__gte=begin, decision__issued_at__lt=finish)
    zone = _zone()
    for row in grouped(
        decided.annotate(
            filed_day=TruncDate("filed_at", tzinfo=zone),
            decided_day=TruncDate("decision__issued_at", tzinfo=zone),
        ),
        "filed_day",
        "decided_day",
    ):
        bucket = buckets[(row["filing_department_id"], row["kind"])]
        bucket["decided"] += row["n"]
        bucket["on_time"] += row["n"]
        bucket["days"][_workdays(row["filed_day"], row["decided_day"])] += row["n"]
    late_cases = CaseTask.objects.filter(task__finished__gt=F("due_at")).values("case_id")
    for row in grouped(decided.filter(pk__in=late_cases)):
        bucket = buckets[(row["filing_department_id"], row["kind"])]
        bucket["on_time"] -= row["n"]
        bucket["overdue"] += row["n"]

    still_open = cases.filter(closed_at__isnull=True, filed_at__lt=finish)
    for row in grouped(still_open, "state"):
        buckets[(row["filing_department_id"], row["kind"])]["open_by_state"][row["state"]] += row[
            "n"
        ]
    overdue_now = Q(is_open=True, due_at__lt=now)
    overdue_cases = (
        CaseTask.objects.filter(overdue_now)
        .values("case_id")
        .union(CaseClock.objects.filter(overdue_now).values("case_id"))
    )
    for row in grouped(still_open.filter(pk__in=overdue_cases)):
        buckets[(row["filing_department_id"], row["kind"])]["overdue"] += row["n"]
    return buckets


def _per_department(queryset, department_field: str, count: str = "pk") -> Counter:
    """{department id (or None): count} of a queryset, grouped in the database."""
    rows = (
        queryset.values(department_field)
        .annotate(n=Count(count, distinct=count != "pk"))
        .order_by()
    )
    return Counter({row[department_field]: row["n"] for row in rows})


def _department_counts(start, end, begin, finish, scope) -> dict[str, Counter]:
    repairs = RecordEvent.objects.filter(
        to_state=RecordState.REPAIRED, at__gte=begin, at__lt=finish
    )
    missed = CaseTask.objects.filter(
        case__kind=RECTIFICATION_KIND,
        step=DEADLINE_MISSED_STEP,
        created_at__gte=begin,
        created_at__lt=finish,
    )
    bans = HonoursBan.objects.filter(starts_on__gte=start, starts_on__lte=end)
    if scope is not None:
        repairs = repairs.filter(record__provider_id=scope)
        missed = missed.filter(case__subject__department_id=scope)
        bans = bans.filter(subject__department_id=scope)
    return {
        "repairs": _per_department(repairs, "record__provider_id"),
        "rectifications_overdue": _per_department(
            missed, "case__subject__department_id", count="case_id"
        ),
        "honours_bans": _per_department(bans, "subject__department_id"),
    }


def week_of(day: datetime.date) -> datetime.date:
    """The Monday starting the week of `day`."""
    return day - datetime.timedelta(days=day.weekday())


def _weeks(start, end, begin, finish, now, scope) -> list[dict]:
    """Per week (Monday to Sunday) of the period: tasks and case clocks that went overdue in it.

    A task went overdue when its due time passed while it was open: it is still open, or was
    finished after it; a case clock, while its case was open. Due times after now have not
    passed yet."""
    window = Q(due_at__gte=begin, due_at__lt=min(finish, now))
    tasks = CaseTask.objects.filter(window).filter(
        Q(is_open=True) | Q(task__finished__gt=F("due_at"))
    )
    clocks = CaseClock.objects.filter(window).filter(
        Q(is_open=True) | Q(case__closed_at__gt=F("due_at"))
    )
    if scope is not None:
        tasks = tasks.filter(department_id=scope)
        clocks = clocks.filter(case__filing_department_id=scope)
    zone = _zone()
    counts: Counter = Counter()
    for queryset in (tasks, clocks):
        rows = (
            queryset.annotate(week=TruncWeek("due_at", tzinfo=zone))
            .values("week")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            week = row["week"]
            day = (
                timezone.localtime(week, zone).date()
                if isinstance(week, datetime.datetime)
                else week
            )
            counts[day] += row["n"]
    weeks = []
    monday = week_of(start)
    while monday <= end:
        weeks.append({"week": monday, "overdue": counts.get(monday, 0)})
        monday += datetime.timedelta(days=7)
    return weeks


def summary_build(
    *, start: datetime.date, end: datetime.date, scope: int | None = None, now=None
) -> dict:
    now = now or timezone.now()
    begin, finish = period_bounds(start, end)
    departments = Department.objects.order_by("code")
    if scope is not None:
        departments = departments.filter(pk=scope)
    kinds = [spec.kind for spec in registry.processes()]
    buckets = _case_buckets(begin, finish, now, scope)
    extra = _department_counts(start, end, begin, finish, scope)

    rows, by_department = [], []
    total = _empty()
    for department in departments:
        department_total = _empty()
        for kind in kinds:
            bucket = buckets.get((department.pk, kind), _empty())
            rows.append(
                {
                    "department": department.pk,
                    "department_name": department.name,
                    "kind": kind,
                    **_finish(bucket),
                }
            )
            for target in (department_total, total):
                for name in COUNTS:
                    target[name] += bucket[name]
                target["days"].update(bucket["days"])
                target["open_by_state"].update(bucket["open_by_state"])
        by_department.append(
            {
                "department": department.pk,
                "department_name": department.name,
                **_finish(department_total),
                **{name: extra[name].get(department.pk, 0) for name in DEPARTMENT_COUNTS},
            }
        )
    # every department is listed, so the total is their sum (a ban on a subject of no
    # department is counted in the total only)
    extra_totals = {name: sum(extra[name].values()) for name in DEPARTMENT_COUNTS}

    # a corrected version is the same record amended, not a new one
    records = CreditRecord.objects.filter(
        created_at__gte=begin, created_at__lt=finish, previous_version__isnull=True
    )
    if scope is not None:
        records = records.filter(provider_id=scope)
    by_source = [
        {"source": r["source"], "severity": r["severity"], "count": r["count"]}
        for r in records.values("source", "severity")
        .annotate(count=Count("pk"))
        .order_by("source", "severity")
    ]
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "kinds": kinds,
        "rows": rows,
        "departments": by_department,
        "totals": {**_finish(total), **extra_totals},
        "records": by_source,
        "records_total": sum(r["count"] for r in by_source),
        "weeks": [
            {"week": w["week"].isoformat(), "overdue": w["overdue"]}
            for w in _weeks(start, end, begin, finish, now, scope)
        ],
        **extra_totals,
    }
