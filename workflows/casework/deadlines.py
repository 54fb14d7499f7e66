"""Due times of tasks: computed once through the working-day calendar, stored, and read by the timers."""

import threading
from datetime import datetime, time, timedelta
from typing import cast

from django.utils import timezone

from workflows.workdays.due_dates import add_workdays, end_of_day, workdays_between

from .models import CaseTask, StepPolicy

# reminders go out at the start of the working day before the due day ends
REMINDER_HOUR = time(9, 0)
DEFAULT_LIMIT_DAYS = 5


def step_policy(kind: str, step: str) -> StepPolicy:
    policy = StepPolicy.objects.filter(kind=kind, step=step).first()
    if policy is None:  # a step without a policy row still gets a deadline
        policy = StepPolicy(kind=kind, step=step, limit_days=DEFAULT_LIMIT_DAYS)
    return policy


def local_date(moment: datetime):
    return timezone.localtime(moment).date()


def compute_due(case_task: CaseTask) -> tuple[datetime, bool]:
    """The step's limit plus any extension and suspended days, counted from the start day."""
    days = case_task.limit_days + case_task.extended_days + case_task.suspended_days
    due = add_workdays(case_task.started_on, days)
    return end_of_day(due.due), due.provisional


def _due_at(case_task: CaseTask) -> datetime:
    # timers exist only for opened tasks, and opening a task sets due_at (CaseStep, compute_due)
    return cast(datetime, case_task.due_at)


def reminder_moment(case_task: CaseTask) -> datetime:
    """09:00 on the last working day: one working day before the deadline runs out."""
    due_day = local_date(_due_at(case_task) - timedelta(seconds=1))
    reminder = timezone.make_aware(datetime.combine(due_day, REMINDER_HOUR))
    return max(reminder, case_task.created_at)


def supervisor_moment(case_task: CaseTask, policy: StepPolicy | None = None) -> datetime:
    policy = policy or step_policy(case_task.case.kind, case_task.step)
    due_day = local_date(_due_at(case_task) - timedelta(seconds=1))
    later = add_workdays(due_day, policy.supervisor_after_days)
    return end_of_day(later.due)


# far in the future: a suspended case's timers wait here until it resumes
SUSPENDED_UNTIL = datetime(9999, 1, 1, tzinfo=timezone.get_fixed_timezone(0))


_opened = threading.local()


def remember_opened(case_task: CaseTask, policy: StepPolicy) -> None:
    """Hand a task just opened to the timers armed next, sparing them a re-read."""
    _opened.case_task, _opened.policy = case_task, policy


def forget_opened() -> None:
    _opened.case_task = _opened.policy = None


def _host_case_task(timer_activation) -> CaseTask:
    # while a step is being created, every timer armed belongs to it (CaseStep._create)
    opened = getattr(_opened, "case_task", None)
    if opened is not None:
        return opened
    host = timer_activation.task.previous.all()[0]
    return CaseTask.objects.select_related("case").get(task=host)


def _host_policy(case_task: CaseTask) -> StepPolicy | None:
    opened = getattr(_opened, "case_task", None)
    return _opened.policy if opened is case_task else None


def _when(case_task: CaseTask, moment: datetime) -> datetime:
    return SUSPENDED_UNTIL if case_task.case.is_suspended else moment


# Timer delays: viewflow calls these with the boundary timer's activation.
def reminder_due(activation) -> datetime:
    case_task = _host_case_task(activation)
    return _when(case_task, reminder_moment(case_task))


def task_due(activation) -> datetime:
    case_task = _host_case_task(activation)
    return _when(case_task, _due_at(case_task))


def supervisor_due(activation) -> datetime:
    case_task = _host_case_task(activation)
    return _when(case_task, supervisor_moment(case_task, _host_policy(case_task)))


def reschedule_timers(case_task: CaseTask) -> None:
    """After the due time moved (suspension, extension, a newly imported calendar year)."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    timers = Task.objects.filter(
        previous=case_task.task_id, flow_task_type="TIMER", status=STATUS.SCHEDULED
    )
    for timer in timers:
        activation = timer.flow_task.activation_class(timer)
        timer.scheduled = timer.flow_task._delay(activation)
        timer.save(update_fields=["scheduled"])


def case_task_recompute(case_task: CaseTask) -> CaseTask:
    case_task.due_at, case_task.is_provisional = compute_due(case_task)
    case_task.save(update_fields=["due_at", "is_provisional"])
    reschedule_timers(case_task)
    return case_task


def recompute_provisional_deadlines(year: int) -> int:
    """Called by the calendar after a year's official schedule is imported."""
    count = 0
    for case_task in CaseTask.objects.filter(is_open=True, is_provisional=True).select_related(
        "case"
    ):
        case_task_recompute(case_task)
        count += 1
    return count


def working_days_overdue(case_task: CaseTask, now: datetime | None = None) -> int:
    now = now or timezone.now()
    if not case_task.due_at or case_task.due_at >= now:
        return 0
    due_day = local_date(case_task.due_at - timedelta(seconds=1))
    return max(1, workdays_between(due_day, local_date(now)))
