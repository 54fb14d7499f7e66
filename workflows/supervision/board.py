"""The supervisor's board: open tasks and case clocks past due (or due soon), and orphaned tasks.

Reads casework's models only. A task belongs to the department that must work it; a whole-case
clock to the case's filing department. Suspended cases are left out: their clocks stand still.
"""

import datetime
import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import CharField, F, Min, Q, QuerySet, Value
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


def overdue_tasks(
    query: BoardQuery, now: datetime.datetime, *, suspended: bool | None = False
) -> QuerySet[CaseTask]:
    """Open tasks in the board's window; `suspended`: of running cases (False, the board), of
    suspended ones (True) or both (None: cheaper to count, needing no join)."""
    tasks = CaseTask.objects.filter(_due_window(query, now), is_open=True)
    if suspended is not None:
        tasks = tasks.filter(case__suspended_at__isnull=not suspended)
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


def overdue_clocks(
    query: BoardQuery, now: datetime.datetime, *, suspended: bool | None = False
) -> QuerySet[CaseClock]:
    clocks = CaseClock.objects.filter(_due_window(query, now), is_open=True)
    if suspended is not None:
        clocks = clocks.filter(case__suspended_at__isnull=not suspended)
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
    # by case first: the case's own index finds its few notifications among all the city's
    cases = {c.case_id for c in clocks}
    sent = dict(
        Notification.objects.filter(case_id__in=cases, key__in=list(keys))
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


def _task_members(task: CaseTask, members: _Members) -> list[str]:
    """Who can act on the task now: its claimant, its group's members, or a joint step's
    participants still to answer (as casework.alerts.holders, the group asked once a board)."""
    if task.claimed_by is not None:
        return [task.claimed_by.username]
    if task.role:
        return members.of(task.department_id, task.role)
    return sorted(u.username for u in holders(task))


def _clock_members(clocks: list, members: _Members) -> dict[int, list[str]]:
    """A case clock's members: whoever can act on its case's open tasks (one query a page)."""
    cases = {clock.case_id for clock in clocks if isinstance(clock, CaseClock)}
    names: dict[int, set[str]] = defaultdict(set)
    if cases:
        open_tasks = CaseTask.objects.filter(case_id__in=cases, is_open=True)
        for task in open_tasks.select_related("claimed_by"):
            names[task.case_id].update(_task_members(task, members))
    return {case: sorted(found) for case, found in names.items()}


def _row(clock, alerts, members: _Members, now, clock_members: dict[int, list[str]]) -> dict:
    case = clock.case
    if isinstance(clock, CaseTask):
        department = clock.department
        holder = clock.claimed_by.username if clock.claimed_by else None
        group = clock.role
        names = _task_members(clock, members)
        step = clock.step
    else:
        department = case.filing_department
        holder, group = None, ""
        names = clock_members.get(clock.case_id, [])
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


# ?ordering= as database orderings of the board's entries. Working days overdue only grows as
# the due time gets earlier, so "most overdue first" is "due earliest first": the days are
# computed for the page only, never sorted on. "department" groups the rows by department in
# the order departments were registered (their id: an index reads it in that order, and ids
# sort alike in every database and in Python, which Chinese names do not).
ORDERINGS: dict[str, tuple[str, ...]] = {
    "due_at": ("due_at",),
    "-due_at": ("-due_at",),
    "-days_overdue": ("due_at",),
    "days_overdue": ("-due_at",),
    "department": ("department_id", "due_at"),
    "kind": ("kind", "due_at"),
    "step": ("step", "due_at"),
    "-level": ("-level", "due_at"),
}
ENTRY_FIELDS = (
    "type",
    "id",
    "due_at",
    "number",
    "kind",
    "step",
    "department_name",
    "department_id",
    "level",
)


def _entries(queryset: QuerySet, type_: str, *, step: str, department: str) -> QuerySet:
    """One side of the board as tuples of ENTRY_FIELDS."""
    return (
        queryset.order_by()
        .annotate(
            type=Value(type_, output_field=CharField()),
            entry_id=F("pk"),
            entry_due=F("due_at"),
            number=F("case__number"),
            entry_kind=F("case__kind"),
            entry_step=F(step),
            department_name=F(f"{department}__name"),
            entry_department=F(f"{department}_id"),
            level=F("escalation_level"),
        )
        .values_list(
            "type",
            "entry_id",
            "entry_due",
            "number",
            "entry_kind",
            "entry_step",
            "department_name",
            "entry_department",
            "level",
        )
    )


_COLUMN = {name: index for index, name in enumerate(ENTRY_FIELDS)}
_DB_NAME = {
    "due_at": "entry_due",
    "kind": "entry_kind",
    "step": "entry_step",
    "id": "entry_id",
    "department_id": "entry_department",
}


def _merge_key(ordering: tuple[str, ...]):
    """The Python sort key of an entry that agrees with the database's order of each side."""

    def key(entry: tuple) -> tuple:
        parts: list = []
        for name in ordering:
            value = entry[_COLUMN[name.lstrip("-")]]
            if name.startswith("-"):  # descending: due times and levels only
                value = -(value.timestamp() if isinstance(value, datetime.datetime) else value)
            parts.append(value)
        return (*parts, entry[_COLUMN["type"]], entry[_COLUMN["id"]])

    return key


class BoardEntries:
    """The board's entries, sorted and cut in the database, for a paginator.

    Tasks and case clocks are two tables: each side is read in the board's order from its
    due-time index and cut to the end of the page asked for, and the two short lists are
    merged. The count is the two sides counted apart, without the sort."""

    ordered = True  # for Django's Paginator

    def __init__(self, query: BoardQuery, now: datetime.datetime) -> None:
        self._query, self._now = query, now
        ordering = ORDERINGS.get(query.ordering or "due_at", ORDERINGS["due_at"])
        tasks, clocks = overdue_tasks(query, now), overdue_clocks(query, now)
        self._key = _merge_key(ordering)
        order = []
        for name in (*ordering, "id"):
            column = name.lstrip("-")
            order.append(("-" if name.startswith("-") else "") + _DB_NAME.get(column, column))
        self._sides = [
            _entries(tasks, "task", step="step", department="department").order_by(*order),
            _entries(clocks, "clock", step="name", department="case__filing_department").order_by(
                *order
            ),
        ]
        self._count: int | None = None

    def count(self) -> int:
        """All in the window less those of suspended cases: the first is read from the due-time
        index alone, the second from the few suspended cases (no join over every open task)."""
        if self._count is None:
            query, now = self._query, self._now
            self._count = sum(
                side(query, now, suspended=None).order_by().count()
                - side(query, now, suspended=True).order_by().count()
                for side in (overdue_tasks, overdue_clocks)
            )
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[tuple]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("the board is read by pages")
        start, stop = index.start or 0, index.stop
        sides = [side if stop is None else side[:stop] for side in self._sides]
        return list(heapq.merge(*sides, key=self._key))[start:stop]

    def __iter__(self) -> Iterator[tuple]:
        return iter(self[0:None])


def board_entries(query: BoardQuery, now: datetime.datetime | None = None) -> BoardEntries:
    """The board's items, sorted and sliceable in the database: tuples of ENTRY_FIELDS.

    Paginate this (Paginator, DRF's paginator, a slice) and hand the page to `rows_of`."""
    return BoardEntries(query, now or timezone.now())


def rows_of(entries: Iterable, now: datetime.datetime | None = None) -> list[dict]:
    """The full rows (holder, members, alerts, working days overdue) of a page of entries, in
    the page's order."""
    now = now or timezone.now()
    entries = list(entries)
    task_ids = [e[1] for e in entries if e[0] == "task"]
    clock_ids = [e[1] for e in entries if e[0] == "clock"]
    found: dict[tuple[str, int], CaseTask | CaseClock] = {}
    for task in CaseTask.objects.filter(pk__in=task_ids).select_related(
        "case", "department", "claimed_by"
    ):
        found[("task", task.pk)] = task
    for clock in CaseClock.objects.filter(pk__in=clock_ids).select_related(
        "case", "case__filing_department"
    ):
        found[("clock", clock.pk)] = clock
    return rows_for([found[(e[0], e[1])] for e in entries if (e[0], e[1]) in found], now)


def rows_for(clocks: Iterable, now: datetime.datetime) -> list[dict]:
    """Rows in the order given."""
    clocks = list(clocks)
    alerts = _alerts(clocks)
    members = _Members()
    clock_members = _clock_members(clocks, members)
    return [_row(clock, alerts, members, now, clock_members) for clock in clocks]


def board_rows(query: BoardQuery, now: datetime.datetime | None = None) -> list[dict]:
    """Every open task and case clock past due (or due within `due_within` working days): the
    exports' whole filtered view."""
    now = now or timezone.now()
    return rows_of(board_entries(query, now), now)


def orphaned_tasks(scope: int | None = None) -> QuerySet[CaseTask]:
    """Open tasks no active user can take: rerouted ones, those claimed by someone since
    deactivated, and group tasks whose (role, department) has no active holder."""
    # who holds what is small (users and their groups): asked first, so the query over the
    # open tasks is plain column tests (no subquery per task, nothing for PostgreSQL to JIT)
    users = get_user_model().objects
    held: dict[str, set[int]] = defaultdict(set)
    for department, role in users.filter(is_active=True, department__isnull=False).values_list(
        "department_id", "groups__name"
    ):
        if role:
            held[role].add(department)
    someone_holds = Q(pk__in=[])
    for role, departments in held.items():
        someone_holds |= Q(role=role, department_id__in=sorted(departments))
    inactive = list(users.filter(is_active=False).values_list("pk", flat=True))
    tasks = CaseTask.objects.filter(is_open=True).filter(
        Q(rerouted_from__isnull=False)
        | Q(claimed_by_id__in=inactive)
        | (Q(claimed_by__isnull=True) & ~Q(role="") & ~someone_holds)
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
