"""The flow node every human step of every process uses: a viewflow task with a role, a department,
a clock and the actions its form and the API offer."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.shortcuts import redirect
from django.utils import timezone
from django_stubs_ext import StrOrPromise
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.nodes.view import ViewActivation

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


def _task_page(request, *args, **kwargs):
    """Viewflow's own task URL, if ever mounted, sends users to our task page."""
    return redirect("casework:task", pk=kwargs.get("task_pk"))


class CaseStepActivation(ViewActivation):
    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        activation = super().create(flow_task, prev_activation, token, data=data, seed=seed)
        flow_task.open_case_task(activation)
        return activation


class CaseStep(flow.View):
    """A human step: taken by holders of `role` in the department `department(activation)` names."""

    activation_class = CaseStepActivation

    def __init__(self, *, step: str, role: str, department, actions: list[StepAction], **kwargs):
        super().__init__(_task_page, **kwargs)
        self.step = step
        self.role = role
        self._department = department
        self.actions = {action.name: action for action in actions}

    def _resolve(self, instance):
        super()._resolve(instance)
        self._department = this.resolve(instance, self._department)

    def _create(self, prev_activation, token, data=None, seed=None):
        try:
            return super()._create(prev_activation, token, data=data, seed=seed)
        finally:  # the hand-over to the timers is for arming only, never later reads
            deadlines.forget_opened()

    def open_case_task(self, activation):
        from .models import CaseTask

        case = activation.process.case
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
        case_task.due_at, case_task.is_provisional = deadlines.compute_due(case_task)
        case_task.save(force_insert=True)
        # the step's timers are armed right after this, in the same thread
        deadlines.remember_opened(case_task, policy)
        return case_task


def with_deadline_alerts(node: CaseStep) -> CaseStep:
    """A reminder the working day before due, then escalation to the leader and the supervisor.

    Non-interrupting: the assignee keeps working while the alerts go out.
    """
    return (
        node.OnTimeout(deadlines.reminder_due, this.send_reminder, interrupting=False)
        .OnTimeout(deadlines.task_due, this.escalate_to_leader, interrupting=False)
        .OnTimeout(deadlines.supervisor_due, this.escalate_to_supervisor, interrupting=False)
    )
