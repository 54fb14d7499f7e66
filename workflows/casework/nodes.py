"""The flow nodes every human step of every process uses: a viewflow task with a role, a department,
a clock and the actions its form and the API offer; a joint step several roles answer; a period that
ends by itself."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.context import context
from viewflow.workflow.flow.nodes import TimerBoundary
from viewflow.workflow.nodes.boundary import TimerBoundaryActivation
from viewflow.workflow.nodes.if_gate import IfActivation
from viewflow.workflow.nodes.view import ViewActivation
from viewflow.workflow.signals import task_finished
from viewflow.workflow.status import STATUS

from workflows.organization.roles import role_has_holder

from . import deadlines


@dataclass(frozen=True)
class StepAction:
    """One thing a user may do at a step: its form (shared by the web UI and the API) and service."""

    name: str
    label: StrOrPromise
    form_class: type[forms.Form]
    # perform(*, case, by, task, data) -> None; runs inside the flow lock's transaction
    perform: Callable[..., None]
    # False for actions that keep the task open (e.g. asking for missing material)
    completes_task: bool = True
    # roles allowed beside the step's own (e.g. a supervisor); empty: the step's role only
    extra_roles: tuple[str, ...] = field(default_factory=tuple)
    # True for the one action that ends a suspension (supplying the missing material)
    while_suspended: bool = False
    # the history row's comment: the first of these cleaned fields that is not empty
    comment_fields: tuple[str, ...] = ("comment", "reasons", "finding", "missing", "text")


@dataclass(frozen=True)
class Participant:
    """Who answers at a joint step: holders of `role` in the department `department(activation)`."""

    role: str
    department: Any


def _task_page(request, *args, **kwargs):
    """Viewflow's own task URL, if ever mounted, sends users to our task page."""
    return redirect("casework:task", pk=kwargs.get("task_pk"))


class CaseStepActivation(ViewActivation):
    # the step's CaseTask, once create() has opened it (its deadline timer reads the due time)
    case_task: Any = None

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        activation = super().create(flow_task, prev_activation, token, data=data, seed=seed)
        activation.case_task = flow_task.open_case_task(activation)
        return activation

    # what a step changes of its task row between reading it under the lock and completing it
    COMPLETED_FIELDS = ["status", "owner", "assigned", "started", "finished"]

    @Activation.status.super()
    def complete(self):
        """viewflow's complete(), writing only the task's fields a step changes."""
        self.task.finished = timezone.now()
        self.task.save(update_fields=self.COMPLETED_FIELDS)
        task_finished.send(sender=self.flow_class, process=self.process, task=self.task)

    @Activation.status.super()
    def cancel(self):
        """Cancelled by the flow (withdrawal, an interrupting deadline): the clock stops too."""
        super().cancel.original()
        from .models import CaseTask

        CaseTask.objects.filter(task=self.task).update(is_open=False, next_alert_at=None)


class GatewayActivation(IfActivation):
    """viewflow's If gateway as a case flow runs it: the gateway's task row is inserted once, when
    it completes, instead of inserted and then updated, and its condition (a read of the case the
    step holds in memory) runs without a savepoint of its own: an error rolls the whole step back.

    In viewflow's non-propagating mode (an error leaves the gateway in ERROR for an administrator
    to revive) the row is written first and viewflow's guarded condition runs, as in viewflow."""

    _previous: Any = None

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        task = flow_task.flow_class.task_class(
            process=prev_activation.process, flow_task=flow_task, token=token
        )
        task.data = data if data is not None else {}
        task.seed = seed
        activation = cls(task)
        activation._previous = prev_activation.task
        return activation

    # the task has no primary key until complete(): the activation is its own identity in the
    # sets viewflow keeps while it moves the flow on
    def __eq__(self, other) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def _save(self) -> None:
        if self.task.pk is not None:
            self.task.save()
            return
        self.task.save(force_insert=True)
        self.task.previous.add(self._previous)

    @Activation.status.super()
    def activate(self):
        if context.propagate_exception:
            self._condition_result = self.flow_task._condition(self)
        else:
            self._save()
            super().activate.original()

    @Activation.status.super()
    def complete(self):
        self.task.finished = timezone.now()
        self._save()
        task_finished.send(sender=self.flow_class, process=self.process, task=self.task)


class DeadlineTimerActivation(TimerBoundaryActivation):
    """A step's deadline timer, armed with the step: it fires when the step's task is due (a
    suspended case's timer waits until the case resumes). Its row is inserted once, already
    scheduled from the due time the step has just computed, instead of inserted, read back with
    its host and updated inside a savepoint."""

    _host: Any = None

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        if getattr(prev_activation, "case_task", None) is None:  # armed otherwise: as viewflow
            return super().create(flow_task, prev_activation, token, data=data, seed=seed)
        task = flow_task.flow_class.task_class(
            process=prev_activation.process, flow_task=flow_task, token=token
        )
        task.data = data if data is not None else {}
        task.seed = seed
        activation = cls(task)
        activation._host = prev_activation
        return activation

    def _insert(self) -> None:
        self.task.save(force_insert=True)
        self.task.previous.add(self._host.task)

    @Activation.status.super()
    def activate(self):
        if self._host is None:
            super().activate.original()
        elif context.propagate_exception:
            self.task.scheduled = deadlines.timer_due(self._host.case_task)
            self._insert()
        else:  # viewflow's guarded path, which keeps a failure on the timer's row
            self._insert()
            super().activate.original()


class DeadlineTimer(TimerBoundary):
    """viewflow's timer boundary on a case step, due with the step (DeadlineTimerActivation)."""

    activation_class = DeadlineTimerActivation

    def _on_host_finished(self, **signal_kwargs):
        """Disarmed when the step completes, by one UPDATE (viewflow reads each armed timer and
        its process, then saves it)."""
        host_task = signal_kwargs["task"]
        if host_task.flow_task != self._attached_to:
            return
        self.flow_class.task_class._default_manager.filter(
            flow_task=self,
            process=host_task.process,
            previous=host_task,
            status__in=[STATUS.NEW, STATUS.SCHEDULED],
        ).update(status=STATUS.CANCELED, finished=timezone.now())


def _has_holder(role: str, department) -> bool:
    return role_has_holder(role, department.pk if department is not None else None)


class CaseStep(flow.View):
    """A human step: taken by holders of `role` in the department `department(activation)` names.

    The time limit is the StepPolicy row's, or `limit(case) -> working days`, or a deadline the case
    carries, `deadline(case) -> date` (e.g. a rectification's, kept when the case comes back).
    """

    activation_class = CaseStepActivation

    def __init__(
        self,
        *,
        step: str,
        role: str,
        department,
        actions: list[StepAction],
        limit: Any = None,
        deadline: Any = None,
        case_related: tuple[str, ...] | None = None,
        **kwargs,
    ):
        super().__init__(_task_page, **kwargs)
        self.step = step
        # the case's relations its actions, and the steps it opens, read: loaded with the case
        # in one query (None: the flow's CaseFlow.case_related; () for a step that reads none)
        self.case_related = case_related
        self.role = role
        self._department = department
        self._limit = limit
        self._deadline = deadline
        self.actions = {action.name: action for action in actions}

    def _resolve(self, instance):
        super()._resolve(instance)
        self._department = this.resolve(instance, self._department)
        self._limit = this.resolve(instance, self._limit)
        self._deadline = this.resolve(instance, self._deadline)

    def OnDeadline(self, then, title=None):
        """When the step is still open at its due time, start `then` too (the step stays open)."""
        return self.deadline_timer(then, interrupting=False, title=title)

    def deadline_timer(self, then, *, interrupting: bool, title=None):
        """viewflow's `OnTimeout(deadlines.task_due, then)`, with the step's own timer node."""
        boundary = DeadlineTimer(None, delay=deadlines.task_due, interrupting=interrupting)
        boundary.Next(then)
        if title is not None:
            boundary.Annotation(title=title)
        # as OnTimeout declares it: the flow names it `<step>__timeout` and attaches it
        self._boundary_specs.append(("timeout", boundary))
        return self

    def open_case_task(self, activation):
        from . import alerts
        from .assignment import credit_office
        from .models import CaseTask

        case = self.flow_class.instance.case_of(activation)
        policy = deadlines.step_policy(case.kind, self.step)
        created_at = timezone.now()
        case_task = CaseTask(
            task=activation.task,
            case=case,
            step=self.step,
            role=self.role,
            department=self._department(activation),
            created_at=created_at,
            started_on=deadlines.local_date(created_at),
            limit_days=policy.limit_days,
        )
        if self._limit:
            case_task.limit_days = self._limit(case)
        if self._deadline:
            case_task.fixed_due_on = self._deadline(case)
        # no task sits in nobody's inbox: the credit office's queue for the role takes it
        rerouted = self.role and not _has_holder(self.role, case_task.department)
        if rerouted:
            case_task.rerouted_from = case_task.department
            case_task.department = credit_office()
        # a new step is at escalation level 0: its next alert is the reminder or the due time
        deadlines.clock_schedule(case_task, suspended=case.is_suspended)
        case_task.save(force_insert=True)
        if rerouted:
            alerts.alert_rerouted(case_task)
        return case_task


class JointStep(CaseStep):
    """Several roles (or departments) each record an opinion on the case; closes when all have.

    `participants(activation) -> list[Participant]`; the action is answered once per participant.
    """

    def __init__(self, *, step: str, participants, actions: list[StepAction], **kwargs):
        from .assignment import credit_office

        # the task itself sits with the credit office; each participant answers from its inbox
        super().__init__(step=step, role="", department=credit_office, actions=actions, **kwargs)
        self._participants = participants

    def _resolve(self, instance):
        super()._resolve(instance)
        self._participants = this.resolve(instance, self._participants)

    def open_case_task(self, activation):
        from .assignment import credit_office
        from .models import TaskParticipant

        participants = [
            (p.role, p.department(activation) if callable(p.department) else p.department)
            for p in self._participants(activation)
        ]
        office = credit_office()
        case_task = super().open_case_task(activation)
        TaskParticipant.objects.bulk_create(
            [
                TaskParticipant(
                    case_task=case_task,
                    role=role,
                    department=department if _has_holder(role, department) else office,
                )
                for role, department in participants
            ],
            ignore_conflicts=True,
        )
        return case_task


def period_ended_title():
    return _("Period ended")


class PeriodStep(CaseStep):
    """A period that runs out by itself (e.g. a publicity period): the task it opens lets its
    holders act before it ends (an objection); at the due time the flow goes on to `on_expiry`."""

    def __init__(self, *, on_expiry, **kwargs):
        super().__init__(**kwargs)
        self.deadline_timer(on_expiry, interrupting=True, title=period_ended_title())
