"""The supervisor's board: open tasks and case clocks past due (or due soon), and orphaned tasks.

Reads casework's models only. A task belongs to the department that must work it; a whole-case
clock to the case's filing department. Suspended cases are left out: their clocks stand still.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from workflows.casework import registry
from workflows.casework.alerts import holders
from workflows.casework.deadlines import working_days_overdue
from workflows.casework.models import CaseClock, CaseTask, Notification
from workflows.workdays.due_dates import add_workdays, end_of_day

ALERT_KINDS = {"remind": 0, "escalate1": 1, "escalate2": 2}


@dataclass(frozen=True)
class BoardQuery:
    scope: int | None = None  # a department id, or None for the whole city
    kind: str = ""
    department: int | None = None
    step: str = ""
    level: int | None = None
    due_within: int | None = None  # working days: the due-soon view instead of the overdue one
    ordering: str = ""

    @classmethod
    def from_form(cls, scope: int | None, cleaned: dict) -> "BoardQuery":
        return cls(
            scope=scope,
            kind=cleaned.get("kind") or "",
            department=cleaned.get("department"),
            step=cleaned.get("step") or "",
            level=cleaned.get("level"),
            due_within=cleaned.get("due_within"),
            ordering=cleaned.get("ordering") or "",
        )


def _due_window(query: BoardQuery, now: datetime.datetime) -> Q:
    if query.due_within:
        until = end_of_day(add_workdays(timezone.localdate(now), query.due_within).due)
        return Q(due_at__gte=now, due_at__lte=until)
    return Q(due_at__lt=now)


def overdue_tasks(query: BoardQuery, now: datetime.datetime) -> QuerySet[CaseTask]:
    tasks = CaseTask.objects.filter(
        _due_window(query, now), is_open=True, case__suspended_at__isnull=True
    )
    if query.scope is not None:
        tasks = tasks.filter(department_id=query.scope)
    if query.kind:
        tasks = tasks.filter(case__kind=query.kind)
    if query.department:
        tasks = tasks.filter(department_id=query.department)
    if query.step:
        tasks = tasks.filter(step=query.step)
    if query.level is not None:
        tasks = tasks.filter(escalation_level=query.level)
    return tasks.select_related("case", "department", "claimed_by").order_by("due_at", "pk")


def overdue_clocks(query: BoardQuery, now: datetime.datetime) -> QuerySet[CaseClock]:
    clocks = CaseClock.objects.filter(
        _due_window(query, now), is_open=True, case__suspended_at__isnull=True
    )
    if query.scope is not None:
        clocks = clocks.filter(case__filing_department_id=query.scope)
    if query.kind:
        clocks = clocks.filter(case__kind=query.kind)
    if query.department:
        clocks = clocks.filter(case__filing_department_id=query.department)
    if query.step:
        clocks = clocks.filter(name=query.step)
    if query.level is not None:
        clocks = clocks.filter(escalation_level=query.level)
    return clocks.select_related("case", "case__filing_department").order_by("due_at", "pk")


def _alert_key(clock: CaseTask | CaseClock, kind: str) -> str:
    return f"{kind}:{clock.pk}" if isinstance(clock, CaseTask) else f"{kind}:clock{clock.pk}"


def _alerts(clocks: list) -> dict[tuple[str, int], list[dict]]:
    """When each alert went out: the first notification of each level, else the clock's own stamps."""
    keys = {_alert_key(c, kind): (c, level) for c in clocks for kind, level in ALERT_KINDS.items()}
    sent = dict(
        Notification.objects.filter(key__in=list(keys))
        .values_list("key")
        .annotate(at=Min("created_at"))
        .values_list("key", "at")
    )
    result: dict[tuple[str, int], list[dict]] = {}
    for clock in clocks:
        moments: dict[int, datetime.datetime] = {}
        for kind, level in ALERT_KINDS.items():
            at = sent.get(_alert_key(clock, kind))
            if at:
                moments[level] = at
        if 0 not in moments and clock.reminded_at:
            moments[0] = clock.reminded_at
        if clock.escalation_level and clock.escalation_level not in moments and clock.escalated_at:
            moments[clock.escalation_level] = clock.escalated_at
        result[(type(clock).__name__, clock.pk)] = [
            {"level": level, "at": at} for level, at in sorted(moments.items())
        ]
    return result


class _Members:
    """Active holders of a (department, role), asked once per board."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, str], list[str]] = {}

    def of(self, department_id: int, role: str) -> list[str]:
        key = (department_id, role)
        if key not in self._cache:
            users = get_user_model().objects.filter(
                is_active=True, department_id=department_id, groups__name=role
            )
            self._cache[key] = sorted(users.values_list("username", flat=True).distinct())
        return self._cache[key]


def _row(clock, alerts, members: _Members, now) -> dict:
    case = clock.case
    if isinstance(clock, CaseTask):
        department = clock.department
        holder = clock.claimed_by.username if clock.claimed_by else None
        group = clock.role
        names: list[str]
        if holder:
            names = [holder]
        elif clock.role:
            names = members.of(clock.department_id, clock.role)
        else:  # a joint step: the participants still to answer
            names = sorted(u.username for u in holders(clock))
        step = clock.step
    else:
        department = case.filing_department
        holder, group = None, ""
        names = sorted(u.username for u in holders(clock))
        step = clock.name
    return {
        "type": "task" if isinstance(clock, CaseTask) else "clock",
        "id": clock.pk,
        "case": case.pk,
        "number": case.number,
        "kind": case.kind,
        "kind_label": str(dict(registry.kind_choices()).get(case.kind, case.kind)),
        "step": step,
        "department": department.pk,
        "department_name": department.name,
        "holder": holder,
        "group": group,
        "members": names,
        "due_at": clock.due_at,
        "days_overdue": working_days_overdue(clock, now),
        "escalation_level": clock.escalation_level,
        "alerts": alerts[(type(clock).__name__, clock.pk)],
    }


SORT_KEYS = {
    "due_at": (lambda r: (r["due_at"], r["number"]), False),
    "-due_at": (lambda r: (r["due_at"], r["number"]), True),
    "-days_overdue": (lambda r: (-r["days_overdue"], r["due_at"], r["number"]), False),
    "days_overdue": (lambda r: (r["days_overdue"], r["due_at"], r["number"]), False),
    "department": (lambda r: (r["department_name"], r["due_at"]), False),
    "kind": (lambda r: (r["kind"], r["due_at"]), False),
    "step": (lambda r: (r["step"], r["due_at"]), False),
    "-level": (lambda r: (-r["escalation_level"], r["due_at"]), False),
}


def rows_for(clocks: Iterable, now: datetime.datetime, ordering: str = "") -> list[dict]:
    clocks = list(clocks)
    alerts = _alerts(clocks)
    members = _Members()
    rows = [_row(clock, alerts, members, now) for clock in clocks]
    key, reverse = SORT_KEYS.get(ordering or "due_at", SORT_KEYS["due_at"])
    rows.sort(key=key, reverse=reverse)
    return rows


def board_rows(query: BoardQuery, now: datetime.datetime | None = None) -> list[dict]:
    """Every open task and case clock past due (or due within `due_within` working days)."""
    now = now or timezone.now()
    clocks = [*overdue_tasks(query, now), *overdue_clocks(query, now)]
    return rows_for(clocks, now, query.ordering)


def orphaned_tasks(scope: int | None = None) -> QuerySet[CaseTask]:
    """Open tasks no active user can take: rerouted ones, those claimed by someone since
    deactivated, and group tasks whose (role, department) has no active holder."""
    holder = get_user_model().objects.filter(
        is_active=True, department_id=OuterRef("department_id"), groups__name=OuterRef("role")
    )
    tasks = CaseTask.objects.filter(is_open=True).filter(
        Q(rerouted_from__isnull=False)
        | Q(claimed_by__isnull=False, claimed_by__is_active=False)
        | (Q(claimed_by__isnull=True) & ~Q(role="") & ~Exists(holder))
    )
    if scope is not None:
        tasks = tasks.filter(Q(department_id=scope) | Q(rerouted_from_id=scope))
    return tasks.select_related("case", "department", "claimed_by", "rerouted_from").order_by(
        "due_at", "pk"
    )


def orphaned_rows(scope: int | None = None, now: datetime.datetime | None = None) -> list[dict]:
    now = now or timezone.now()
    tasks = list(orphaned_tasks(scope))
    rows = rows_for(tasks, now)
    rerouted = {t.pk: t.rerouted_from for t in tasks}
    for row in rows:
        origin = rerouted[row["id"]]
        row["rerouted_from"] = origin.pk if origin else None
        row["rerouted_from_name"] = origin.name if origin else ""
    return rows
