"""The summary per department and kind over a period, generic over the registered kinds.

Definitions (docs/supervision.md):
- filed: cases filed in the period; decided: cases whose decision was issued in the period;
- on time: decided cases none of whose tasks was finished after its due time;
- overdue: decided cases that were not on time, plus cases still open now with a task or clock
  past due (filed by the period's end);
- median days to decide: working days from filing to the decision, over the decided cases;
- open by state: cases filed by the period's end and still open, per state.
Records: new credit records entered in the period (not corrected versions) by source and
severity; repairs granted.
"""

import datetime
import statistics
from collections import Counter, defaultdict

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from workflows.casework import registry
from workflows.casework.models import Case, CaseClock, CaseTask
from workflows.organization.models import Department
from workflows.records.models import CreditRecord, RecordEvent, RecordState
from workflows.workdays.due_dates import end_of_day, local_date, workdays_between

COUNTS = ("filed", "decided", "on_time", "overdue")


def period_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, ...]:
    """From 00:00 of the first day to 24:00 of the last, Asia/Shanghai."""
    return end_of_day(start - datetime.timedelta(days=1)), end_of_day(end)


def _empty() -> dict:
    return {**dict.fromkeys(COUNTS, 0), "days": [], "open_by_state": Counter()}


def _median(days: list[int]) -> float | None:
    return float(statistics.median(days)) if days else None


def _finish(bucket: dict) -> dict:
    return {
        **{name: bucket[name] for name in COUNTS},
        "median_days_to_decide": _median(bucket["days"]),
        "open_by_state": dict(sorted(bucket["open_by_state"].items())),
    }


def _cases(begin, finish, now, scope):
    late_task = CaseTask.objects.filter(case=OuterRef("pk"), task__finished__gt=F("due_at"))
    open_overdue = Q(is_open=True, due_at__lt=now)
    overdue_task = CaseTask.objects.filter(open_overdue, case=OuterRef("pk"))
    overdue_clock = CaseClock.objects.filter(open_overdue, case=OuterRef("pk"))
    cases = Case.objects.filter(
        Q(filed_at__gte=begin, filed_at__lt=finish)
        | Q(decision__issued_at__gte=begin, decision__issued_at__lt=finish)
        | Q(closed_at__isnull=True, filed_at__lt=finish)
    )
    if scope is not None:
        cases = cases.filter(filing_department_id=scope)
    return cases.annotate(
        late=Exists(late_task), overdue_now=Exists(overdue_task) | Exists(overdue_clock)
    ).values(
        "kind",
        "filing_department_id",
        "state",
        "filed_at",
        "closed_at",
        "decision__issued_at",
        "late",
        "overdue_now",
    )


def summary_build(
    *, start: datetime.date, end: datetime.date, scope: int | None = None, now=None
) -> dict:
    now = now or timezone.now()
    begin, finish = period_bounds(start, end)
    departments = Department.objects.order_by("code")
    if scope is not None:
        departments = departments.filter(pk=scope)
    kinds = [spec.kind for spec in registry.processes()]
    buckets: dict[tuple[int, str], dict] = defaultdict(_empty)
    for case in _cases(begin, finish, now, scope):
        bucket = buckets[(case["filing_department_id"], case["kind"])]
        if begin <= case["filed_at"] < finish:
            bucket["filed"] += 1
        issued = case["decision__issued_at"]
        if issued and begin <= issued < finish:
            bucket["decided"] += 1
            bucket["days"].append(
                workdays_between(local_date(case["filed_at"]), local_date(issued))
            )
            if case["late"]:
                bucket["overdue"] += 1
            else:
                bucket["on_time"] += 1
        if case["closed_at"] is None and case["filed_at"] < finish:
            bucket["open_by_state"][case["state"]] += 1
            if case["overdue_now"]:
                bucket["overdue"] += 1

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
                target["days"].extend(bucket["days"])
                target["open_by_state"].update(bucket["open_by_state"])
        by_department.append(
            {
                "department": department.pk,
                "department_name": department.name,
                **_finish(department_total),
            }
        )

    # a corrected version is the same record amended, not a new one
    records = CreditRecord.objects.filter(
        created_at__gte=begin, created_at__lt=finish, previous_version__isnull=True
    )
    repairs = RecordEvent.objects.filter(
        to_state=RecordState.REPAIRED, at__gte=begin, at__lt=finish
    )
    if scope is not None:
        records = records.filter(provider_id=scope)
        repairs = repairs.filter(record__provider_id=scope)
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
        "totals": _finish(total),
        "records": by_source,
        "records_total": sum(r["count"] for r in by_source),
        "repairs": repairs.count(),
    }
