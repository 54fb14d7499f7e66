"""Deadline alerts as one indexed sweep: a reminder on the last working day, then escalation to the
leader (level 1) at the due time and to the supervisor (level 2) some working days later.

Every open task and case clock stores when it next owes an alert (`next_alert_at`, a partial index);
the sweep reads only the rows due, oldest first. Each alert fires once however many sweeps run: rows
are taken with SELECT … FOR UPDATE SKIP LOCKED where the database has it, and every alert is a
conditional UPDATE that only one sweep can win.
"""

from collections.abc import Iterable
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import cast

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.organization.models import Department
from workflows.organization.roles import Role

from . import deadlines
from .models import CaseClock, CaseTask
from .notifications import notify

REMINDER_SUBJECT = _("Due today: %(case)s, %(step)s")
REMINDER_BODY = _("The step %(step)s of case %(case)s is due at %(due)s.")
OVERDUE_SUBJECT = _("Overdue: %(case)s, %(step)s")
OVERDUE_BODY = _("The step %(step)s of case %(case)s was due at %(due)s and is still open.")
WAITING_FOR = _("Still waiting for: %(who)s.")
REROUTED_SUBJECT = _("Nobody can take %(step)s of case %(case)s")
REROUTED_BODY = _(
    "No active user holds the role %(role)s in %(department)s; the task went to the credit "
    "office's queue."
)
CASE_CLOCK_TITLE = _("the whole case")

BATCH = 500

AnyClock = CaseTask | CaseClock


def _users():
    return get_user_model().objects.filter(is_active=True)


# within one sweep, who holds a role in a department is read once, not once per alert
_sweep_memo: ContextVar[dict | None] = ContextVar("alerts_sweep_memo", default=None)


def _memoized(key, compute):
    memo = _sweep_memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def group_members(department_id, role: str) -> list:
    return _memoized(
        ("members", department_id, role),
        lambda: list(
            _users().filter(department_id=department_id, groups__name=role).select_related("leader")
        ),
    )


def step_title(clock: AnyClock):
    """The step's title as the UI shows it (lazy: rendered in each recipient's language)."""
    if isinstance(clock, CaseClock):
        return CASE_CLOCK_TITLE
    # every viewflow node has a title (its name, title-cased, when the flow gives none)
    return clock.task.flow_task.task_title or clock.step


def due_text(moment: datetime | None) -> str:
    """A deadline ends at 24:00 of its last day: say so, never 00:00 of the next day."""
    if moment is None:
        return "—"
    local = timezone.localtime(moment)
    if local.hour == 0 and local.minute == 0:
        return f"{deadlines.local_date(moment - timedelta(seconds=1)):%Y-%m-%d} 24:00"
    return f"{local:%Y-%m-%d %H:%M}"


def _params(clock: AnyClock) -> dict:
    return {"case": clock.case.number, "step": step_title(clock), "due": due_text(clock.due_at)}


def waiting_participants(case_task: CaseTask):
    return case_task.participants.filter(answered_at__isnull=True).select_related("department")


def holders(clock: AnyClock) -> list:
    """Who can act now: the claimant, the group's members, or a joint step's unanswered
    participants; for a case clock, whoever holds its open tasks."""
    if isinstance(clock, CaseClock):
        result: set = set()
        for case_task in CaseTask.objects.filter(case=clock.case_id, is_open=True):
            result.update(holders(case_task))
        return list(result)
    if clock.claimed_by_id:
        return [clock.claimed_by]
    if not clock.role:
        users: set = set()
        for participant in waiting_participants(clock):
            users.update(group_members(participant.department_id, participant.role))
        return list(users)
    return group_members(clock.department_id, clock.role)


def _leaders(clock: AnyClock) -> set:
    leaders = {u.leader for u in holders(clock) if u.leader_id and u.leader.is_active}
    if leaders:
        return leaders
    # nobody named as leader: the approvers of the department working it (for a case: the office)
    department = clock.department_id if isinstance(clock, CaseTask) else None
    if department:
        return set(group_members(department, Role.APPROVER))
    return set(
        _memoized(
            "office approvers",
            lambda: list(
                _users().filter(groups__name=Role.APPROVER, department__is_credit_office=True)
            ),
        )
    )


def _supervisors() -> list:
    return _memoized(
        "supervisors",
        lambda: list(_users().filter(groups__name=Role.SUPERVISOR).distinct()),
    )


def _who_is_missing(clock: AnyClock) -> str:
    if not isinstance(clock, CaseTask) or clock.role:
        return ""
    from workflows.organization.roles import Role as RoleEnum

    names = []
    for participant in waiting_participants(clock):
        try:
            role = str(RoleEnum(participant.role).label)
        except ValueError:
            role = participant.role
        names.append(f"{participant.department.name} {role}")
    return "、".join(names)


def _send(clock: AnyClock, kind: str, recipients: Iterable, subject, body) -> None:
    params = _params(clock)
    missing = _who_is_missing(clock)
    extra = [(WAITING_FOR, {"who": missing})] if missing else []
    notify(
        recipients=recipients,
        subject=subject,
        body=body,
        params=params,
        extra=extra,
        case=clock.case,
        key=f"{kind}:{clock.pk}" if isinstance(clock, CaseTask) else f"{kind}:clock{clock.pk}",
    )


def _won(clock: AnyClock, following: datetime | None, **changes) -> bool:
    """The conditional UPDATE that lets exactly one sweep send this alert; it also stores when
    the clock owes its next alert."""
    rows = type(clock).objects.filter(pk=clock.pk, is_open=True)
    if "reminded_at" in changes:
        rows = rows.filter(reminded_at__isnull=True, escalation_level=0)
    else:
        rows = rows.filter(escalation_level__lt=changes["escalation_level"])
    return bool(rows.update(next_alert_at=following, **changes))


def _owed(clock: AnyClock, now: datetime):
    """The alert the clock owes now: (kind, changes, recipients, subject, body), or None."""
    assert clock.due_at is not None  # noqa: S101 -- only scheduled clocks have next_alert_at
    if clock.escalation_level == 0 and now < clock.due_at:
        if clock.reminded_at is None:
            return "remind", {"reminded_at": now}, holders, REMINDER_SUBJECT, REMINDER_BODY
        return None
    if clock.escalation_level == 0:
        changes = {"escalation_level": 1, "escalated_at": now}
        return "escalate1", changes, _leaders, OVERDUE_SUBJECT, OVERDUE_BODY
    supervisor_at = deadlines.next_alert_at(clock, suspended=False)
    if clock.escalation_level == 1 and supervisor_at is not None and now >= supervisor_at:
        changes = {"escalation_level": 2, "escalated_at": now}
        return "escalate2", changes, lambda c: _supervisors(), OVERDUE_SUBJECT, OVERDUE_BODY
    return None


def _fire(clock: AnyClock, now: datetime) -> int:
    """Send what the clock owes now, if no other sweep did; store when it owes the next one."""
    owed = _owed(clock, now)
    suspended = clock.case.is_suspended
    if owed is None:
        following = deadlines.next_alert_at(clock, suspended=suspended)
        type(clock).objects.filter(pk=clock.pk).update(next_alert_at=following)
        return 0
    kind, changes, recipients, subject, body = owed
    for field, value in changes.items():
        setattr(clock, field, value)
    following = deadlines.next_alert_at(clock, suspended=suspended)
    if not _won(clock, following, **changes):
        return 0
    _send(clock, kind, recipients(clock), subject, body)
    return 1


def _due_rows(model, now: datetime):
    rows = (
        model.objects.filter(is_open=True, next_alert_at__lte=now)
        .select_related("case")
        .order_by("next_alert_at")
    )
    if connection.features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True, of=("self",))
    if model is CaseTask:
        rows = rows.select_related("task", "claimed_by", "department")
    return rows


def alerts_sweep(now: datetime | None = None, batch: int = BATCH) -> int:
    """Fire every alert that is due; returns how many were sent."""
    token = _sweep_memo.set({})
    try:
        return _sweep(now or timezone.now(), batch)
    finally:
        _sweep_memo.reset(token)


def _sweep(now: datetime, batch: int) -> int:
    sent = 0
    for model in (CaseTask, CaseClock):
        while True:
            with transaction.atomic():
                rows = list(_due_rows(model, now)[:batch])
                for clock in rows:
                    sent += _fire(clock, now)
            if len(rows) < batch:
                break
    return sent


def alert_rerouted(case_task: CaseTask) -> None:
    """Tell the supervisors at once that a step had nobody to take it where it belonged."""
    from workflows.organization.roles import Role as RoleEnum

    role: object
    try:
        role = RoleEnum(case_task.role).label
    except ValueError:
        role = case_task.role
    notify(
        recipients=_supervisors(),
        subject=REROUTED_SUBJECT,
        body=REROUTED_BODY,
        params={
            "case": case_task.case.number,
            "step": step_title(case_task),
            "role": role,
            # open_case_task sets it whenever it reroutes
            "department": cast(Department, case_task.rerouted_from).name,
        },
        case=case_task.case,
        key=f"rerouted:{case_task.pk}",
    )
