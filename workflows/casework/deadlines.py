"""Due times of tasks and case clocks: computed once through the working-day calendar, stored, and
read by the alert sweep and by the deadline timers that change a flow's path."""

import datetime
from datetime import datetime as DateTime
from datetime import time, timedelta
from time import monotonic
from typing import cast

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from workflows.workdays.due_dates import (
    add_calendar_days,
    add_workdays,
    end_of_day,
    workdays_between,
)

from .models import CaseClock, CaseTask, Clock, StepPolicy

# reminders go out at the start of the working day before the due day ends
REMINDER_HOUR = time(9, 0)
DEFAULT_LIMIT_DAYS = 5
# the name of a case's whole-case clock in the StepPolicy table: step "case"
CASE_CLOCK_STEP = "case"


# the policy table changes a few times a year: each process keeps a row for a minute at most
POLICY_CACHE_SECONDS = 60
_policies: dict[tuple[str, str], tuple[float, StepPolicy]] = {}


def step_policy(kind: str, step: str) -> StepPolicy:
    cached = _policies.get((kind, step))
    if cached is not None and monotonic() - cached[0] < POLICY_CACHE_SECONDS:
        return cached[1]
    policy = StepPolicy.objects.filter(kind=kind, step=step).first()
    if policy is None:  # a step without a policy row still gets a deadline
        policy = StepPolicy(kind=kind, step=step, limit_days=DEFAULT_LIMIT_DAYS)
    _policies[(kind, step)] = (monotonic(), policy)
    return policy


def step_policy_cache_clear() -> None:
    """After a policy row changes (StepPolicy.save), and between tests."""
    _policies.clear()


def local_date(moment: DateTime) -> datetime.date:
    return timezone.localtime(moment).date()


def months_later(start: datetime.date, months: int) -> datetime.date:
    """A period in months (Civil Code art. 201-203): a last day off work moves to a working day."""
    return add_calendar_days(start + relativedelta(months=months), 0).due


def compute_due(clock: Clock) -> tuple[DateTime, bool]:
    """The limit (or the case's own deadline) plus any extension and suspended days."""
    extra = clock.extended_days + clock.suspended_days
    if clock.fixed_due_on is not None:
        if not extra:
            return end_of_day(clock.fixed_due_on), False
        due = add_workdays(clock.fixed_due_on, extra)
    else:
        due = add_workdays(clock.started_on, clock.limit_days + extra)
    return end_of_day(due.due), due.provisional


def _due_day(clock: Clock) -> datetime.date:
    return local_date(cast(DateTime, clock.due_at) - timedelta(seconds=1))


def reminder_moment(clock: Clock) -> DateTime:
    """09:00 on the last working day: one working day before the deadline runs out."""
    reminder = timezone.make_aware(DateTime.combine(_due_day(clock), REMINDER_HOUR))
    return max(reminder, clock_created_at(clock))


def clock_created_at(clock: Clock) -> DateTime:
    # both kinds of clock (a step's, the whole case's) keep when they were created
    return cast(CaseTask | CaseClock, clock).created_at


def supervisor_moment(clock: Clock, supervisor_after_days: int) -> DateTime:
    later = add_workdays(_due_day(clock), supervisor_after_days)
    return end_of_day(later.due)


def next_alert_at(
    clock: Clock, *, suspended: bool, supervisor_after_days: int | None = None
) -> DateTime | None:
    """When the sweep must next look at the clock: the reminder, the due time, then the
    supervisor's escalation; None once all were sent, while suspended, or when closed."""
    if not clock.is_open or suspended or clock.due_at is None:
        return None
    if clock.escalation_level >= 2:
        return None
    if clock.escalation_level == 1:
        if supervisor_after_days is None:
            supervisor_after_days = _supervisor_after_days(clock)
        return supervisor_moment(clock, supervisor_after_days)
    if clock.reminded_at is None and reminder_moment(clock) < clock.due_at:
        return reminder_moment(clock)
    return clock.due_at


def _kind_and_step(clock: Clock) -> tuple[str, str]:
    if isinstance(clock, CaseTask):
        return clock.case.kind, clock.step
    return cast(CaseClock, clock).case.kind, CASE_CLOCK_STEP


def _supervisor_after_days(clock: Clock) -> int:
    return step_policy(*_kind_and_step(clock)).supervisor_after_days


def clock_schedule(clock: Clock, *, suspended: bool) -> None:
    """Recompute due_at and next_alert_at in memory (the caller saves)."""
    clock.due_at, clock.is_provisional = compute_due(clock)
    clock.next_alert_at = next_alert_at(clock, suspended=suspended)


CLOCK_FIELDS = ["due_at", "is_provisional", "next_alert_at"]


def clock_recompute(clock: Clock, *, suspended: bool) -> Clock:
    """After the due time moved (suspension, extension, a newly imported calendar year)."""
    clock_schedule(clock, suspended=suspended)
    clock.save(update_fields=CLOCK_FIELDS)
    if isinstance(clock, CaseTask):
        reschedule_deadline_timers(clock)
    return clock


def case_task_recompute(case_task: CaseTask) -> CaseTask:
    clock_recompute(case_task, suspended=case_task.case.is_suspended)
    return case_task


# Deadline timers (a flow path that changes when a deadline passes): viewflow calls the delay
# with the boundary timer's activation; the host task's stored due time is the one that fires.
# far in the future: a suspended case's deadline timers wait here until it resumes
SUSPENDED_UNTIL = DateTime(9999, 1, 1, tzinfo=datetime.UTC)


def _host_case_task(timer_activation) -> CaseTask:
    host = timer_activation.task.previous.all()[0]
    return CaseTask.objects.select_related("case").get(task=host)


def task_due(activation) -> DateTime:
    return timer_due(_host_case_task(activation))


def timer_due(case_task: CaseTask) -> DateTime:
    """When a deadline timer armed on the task fires: its due time, or never while suspended."""
    if case_task.case.is_suspended:
        return SUSPENDED_UNTIL
    return cast(DateTime, case_task.due_at)


def reschedule_deadline_timers(case_task: CaseTask) -> None:
    """Move the deadline timers armed on a task (only steps that declare one have any)."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    node = case_task.task.flow_task
    if not node._boundary_events:
        return
    timers = Task.objects.filter(
        previous=case_task.task_id, flow_task_type="TIMER", status=STATUS.SCHEDULED
    )
    for timer in timers:
        activation = timer.flow_task.activation_class(timer)
        timer.scheduled = timer.flow_task._delay(activation)
        timer.save(update_fields=["scheduled"])


def recompute_provisional_deadlines(year: int) -> None:
    """Called by the calendar after a change to a year's days (domain.md §5: open provisional
    deadlines are recomputed; a date computed in a confirmed year stays as it was given)."""
    for model in (CaseTask, CaseClock):
        for clock in model.objects.filter(is_open=True, is_provisional=True).select_related("case"):
            clock_recompute(clock, suspended=clock.case.is_suspended)


def working_days_overdue(clock: Clock, now: DateTime | None = None) -> int:
    now = now or timezone.now()
    if not clock.due_at or clock.due_at >= now:
        return 0
    return max(1, workdays_between(_due_day(clock), local_date(now)))


def working_days_left(clock: Clock, now: DateTime | None = None) -> int | None:
    """Working days from today to the last day of the limit, today not counted; 0 on the last
    day; None once it is past (then working_days_overdue says by how much)."""
    now = now or timezone.now()
    if not clock.due_at or clock.due_at <= now:
        return None
    return workdays_between(local_date(now), _due_day(clock))
